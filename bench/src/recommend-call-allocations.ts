// bench/recommend-call-allocations: what one Recommend call allocates on the thread that serves it,
// in process (RecommendService.answer as the gRPC handler calls it, lists on that thread, two arms,
// a price filter on half the calls, served lists queued in the topic's 100 ms and the table's 1 s
// batches; no grpc-js, Nest or kafkajs), by V8's sampling heap profiler with the objects either GC
// freed counted; and what a call keeps until its served list's batch is sent; and the CPU a call takes, read
// in a round of its own with the profiler off (recommend_call_cpu: sampling every 256 bytes inflates it
// several-fold) and, as before, in the profiled round (recommend_call_cpu_sampled). Baselines: fixed figures
// of main before issue 13's allocation work (64831ff) from an earlier run of this bench, not measured here
// (BASELINES); none for the unsampled CPU (printed as 0). RECOMMEND_CALL_ITEMS: the shop's items (5,000).
import { sampledAllocations, summarizeAllocations, top } from './allocation-probe.js';
import { recommendCallService } from './recommend-call-service.js';
import { printBench, progress, threadCpuMicros } from './report.js';

const ITEMS = Number(process.env.RECOMMEND_CALL_ITEMS ?? 5000);
const CALLS = 4000;
/** main at 64831ff in one earlier run of this bench (not this run): KB allocated, B held, µs of CPU sampled, a call. */
const BASELINES = { allocatedKb: 32.6, heldBytes: 674, cpuMicrosSampled: 299 };

const { service, served, requests } = recommendCallService({ items: ITEMS, calls: CALLS });
const round = async (calls = CALLS) => {
  for (let r = 0; r < calls; r++) await service.answer(requests[r]!);
};
for (let k = 0; k < 3; k++) await round();
await served.flush();

const cpu = threadCpuMicros();
await round();
const cpuPerCall = cpu() / CALLS;
await served.flush();

const { result: sampledCpuPerCall, head } = await sampledAllocations(async () => {
  const sampledCpu = threadCpuMicros();
  await round();
  return sampledCpu() / CALLS;
});
await served.flush();
const { total: allocated, byFunction } = summarizeAllocations(head);

// What a call keeps until its lists' batches are sent: the heap after half the calls queued, against before.
const gc = globalThis.gc;
let heldPerCall = Number.NaN;
if (gc) {
  gc();
  const before = process.memoryUsage().heapUsed;
  await round(CALLS / 2);
  gc();
  heldPerCall = (process.memoryUsage().heapUsed - before) / (CALLS / 2);
  await served.flush();
}
const kb = (bytes: number) => `${(bytes / CALLS / 1024).toFixed(2)} KB`;
progress(
  `recommend-call-allocations: ${ITEMS} items, ${CALLS} calls: ${kb(allocated)} allocated a call, ` +
    `${heldPerCall.toFixed(0)} B a call held until its batch is sent (node --expose-gc for it); ` +
    `${cpuPerCall.toFixed(0)} µs of CPU a call (${sampledCpuPerCall.toFixed(0)} µs with the profiler sampling); ` +
    `baselines: main at 64831ff in an earlier run, fixed (${JSON.stringify(BASELINES)}); by function: ` +
    top(byFunction, 8, kb),
);
printBench('recommend_call_allocated_kb', allocated / CALLS / 1024, 'KB', BASELINES.allocatedKb);
if (gc) printBench('recommend_call_held_until_batch_sent', heldPerCall, 'B', BASELINES.heldBytes);
printBench('recommend_call_cpu', cpuPerCall, 'us', 0);
printBench('recommend_call_cpu_sampled', sampledCpuPerCall, 'us', BASELINES.cpuMicrosSampled);
process.exit(0);
