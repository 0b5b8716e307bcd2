/** A service's memory in MB, read from its Prometheus /metrics. */
export interface ProcessMemoryMb {
  /** Resident memory of the process. */
  rss: number;
  /** V8 heap in use (live objects and garbage not yet collected). */
  heap: number;
  /** V8 heap reserved from the system (in use or not): V8 grows it as it sees fit, up to its limits. */
  heapTotal: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers, ArrayBuffers). */
  external: number;
}

export async function processMemoryMb(httpBase: string): Promise<ProcessMemoryMb> {
  const text = await (await fetch(`${httpBase}/metrics`)).text();
  const gauge = (name: string) => {
    const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`${httpBase}/metrics has no ${name}`);
    return Number(value) / 1024 / 1024;
  };
  return {
    rss: gauge('process_resident_memory_bytes'),
    heap: gauge('nodejs_heap_size_used_bytes'),
    heapTotal: gauge('nodejs_heap_size_total_bytes'),
    external: gauge('nodejs_external_memory_bytes'),
  };
}
