/** A service's resident memory and used V8 heap in MB, read from its Prometheus /metrics. */
export async function processMemoryMb(httpBase: string): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${httpBase}/metrics`)).text();
  const gauge = (name: string) => {
    const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    if (value === undefined) throw new Error(`${httpBase}/metrics has no ${name}`);
    return Number(value) / 1024 / 1024;
  };
  return { rss: gauge('process_resident_memory_bytes'), heap: gauge('nodejs_heap_size_used_bytes') };
}
