// bench/recommend-grpc-call-allocations: what one Recommend call allocates, and the CPU it takes, on the
// thread that serves it over gRPC: the recommender's controller on the platform's Nest transport (call guard
// without API keys, the recorder, telemetry initialised as the service's entry point does, spans not
// recorded) in the main thread, RecommendService as in recommend-call-allocations (lists on that thread,
// served lists batched and sent nowhere: no kafkajs, no ClickHouse), and the Node caller in a worker thread,
// so the main thread's isolate holds only the server's side. Each round: `RECOMMEND_GRPC_CALL_COUNT` calls
// at `RECOMMEND_GRPC_CALL_RATE` a second (open loop), first with V8's sampling heap profiler on (objects
// either GC freed counted, the timers and batches of those seconds included), then with it off for the CPU
// (the main thread's, µs a call); with the requests of the sampled load scored in full, by why (the same ones in
// every build; their ≈ 390 KB each are part of the figure). No baseline: compare builds by running it in each in turn.
// Beside the innermost frames' places, the bytes allocated with a frame of the encoders on the stack (the served
// lists' records, the answer, the strings' writer), wherever the innermost frame is.
// RECOMMEND_GRPC_CALL_PROFILE=<file>: keep the last round's sampled heap profile.
import { writeFileSync } from 'node:fs';
import { initTelemetry } from '@demand/telemetry';

initTelemetry({ serviceName: 'bench' }); // before Nest and grpc-js load, as the service's entry point does

const { RecommendRequest, RecommendService: RecommendDefinition } = await import('@demand/contracts');
const { startGrpcTestServer } = await import('@demand/grpc-server/testing');
const { RecommendGrpcController, RecommendService } = await import('@demand/recommender');
const { FULL_PATH_REASONS } = await import('@demand/recommend');
const { GRPC_TRANSPORT } = await import('@demand/service-runtime');
const { sampledAllocations, summarizeAllocations, top } = await import('./allocation-probe.js');
type ProfileNode = import('./allocation-probe.js').ProfileNode;
const { grpcFrame } = await import('./grpc-load.js');
const { nodeLoader } = await import('./grpc-loaders.js');
const { recommendCallService } = await import('./recommend-call-service.js');
const { median, printBench, progress, threadCpuMicros } = await import('./report.js');

const ITEMS = Number(process.env.RECOMMEND_CALL_ITEMS ?? 5000);
const CALLS = Number(process.env.RECOMMEND_GRPC_CALL_COUNT ?? 5000);
const RATE = Number(process.env.RECOMMEND_GRPC_CALL_RATE ?? 1000);
const ROUNDS = Number(process.env.RECOMMEND_GRPC_CALL_ROUNDS ?? 2);

const { service, requests } = recommendCallService({ items: ITEMS, calls: CALLS });
const server = await startGrpcTestServer({
  services: { 'demand.v1.Recommend': RecommendDefinition },
  controllers: [RecommendGrpcController],
  providers: [{ provide: RecommendService, useValue: service }],
  provideTransportAs: GRPC_TRANSPORT,
});
const loader = nodeLoader();
const target = {
  address: server.address,
  path: RecommendDefinition.recommend.path,
  frames: requests.map((r) => grpcFrame(RecommendRequest.encode(r).finish())),
};
/** Requests of either arm scored in full so far, not answered from a stored list (≈ 390 KB each), by why. */
const fullPathCalls = () => {
  const byReason: Record<string, number> = {};
  for (const use of Object.values(service.listTally()))
    for (const reason of FULL_PATH_REASONS) byReason[reason] = (byReason[reason] ?? 0) + use.scoredFor[reason];
  return byReason;
};
/** The encoders' files whose bytes are summed over every sample with a frame of theirs on its stack. */
const ENCODERS = ['record-forms.js', 'encoded-answer.js', 'ascii-writer.js'];
function bytesUnder(head: ProfileNode): Map<string, number> {
  const sizes = new Map<string, number>(ENCODERS.map((file) => [file, 0]));
  const walk = (node: ProfileNode, under: readonly string[]) => {
    const file = ENCODERS.find((f) => node.callFrame.url.endsWith(`/${f}`));
    const here = file && !under.includes(file) ? [...under, file] : under;
    for (const f of here) sizes.set(f, sizes.get(f)! + node.selfSize);
    for (const child of node.children) walk(child, here);
  };
  walk(head, []);
  return sizes;
}
const load = () => loader.run(target, CALLS, { kind: 'open', rate: RATE, maxInFlight: 64 });

for (let k = 0; k < 2; k++) await load(); // warm-up: code optimised, lists and pools in place
const allocatedKb: number[] = [];
const cpuMicros: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const before = fullPathCalls();
  const { result: sampled, head } = await sampledAllocations(load);
  const after = fullPathCalls();
  const fullPath = FULL_PATH_REASONS.filter((r) => after[r]! > before[r]!).map((r) => `${r} ${after[r]! - before[r]!}`);
  const { total, byPlace, byFunction } = summarizeAllocations(head);
  allocatedKb.push(total / CALLS / 1024);
  const cpu = threadCpuMicros();
  const unsampled = await load();
  cpuMicros.push(cpu() / CALLS);
  const kb = (bytes: number) => `${(bytes / CALLS / 1024).toFixed(2)} KB`;
  progress(
    `recommend-grpc-call-allocations round ${round + 1}: ${kb(total)} a call ` +
      `(${sampled.callsPerSecond.toFixed(0)}/s answered, scored in full: ${fullPath.join(', ') || 'none'}), ` +
      `${cpuMicros.at(-1)!.toFixed(0)} µs of CPU a call (${unsampled.callsPerSecond.toFixed(0)}/s); ` +
      `by place: ${top(byPlace, 8, kb)}; by function: ${top(byFunction, 12, kb)}; ` +
      `under the encoders: ${top(bytesUnder(head), ENCODERS.length, kb)}`,
  );
  if (process.env.RECOMMEND_GRPC_CALL_PROFILE)
    writeFileSync(process.env.RECOMMEND_GRPC_CALL_PROFILE, JSON.stringify({ head }));
}
await loader.stop();
await server.close();
printBench('recommend_grpc_call_allocated_kb', median(allocatedKb), 'KB', 0);
printBench('recommend_grpc_call_cpu', median(cpuMicros), 'us', 0);
process.exit(0);
