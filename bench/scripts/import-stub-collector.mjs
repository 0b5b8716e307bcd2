// A collector that answers every call at once without decoding it (TrackBatch's bytes are kept as they came), so an
// import's client is measured alone (bench/scripts/import-client-ab.mjs). DELAY_MS: each answer waits that long.
// SIGTERM prints the calls and bytes taken.
//   node bench/scripts/import-stub-collector.mjs [PORT (50999)] [DELAY_MS (0)]
import { CollectorService } from '@demand/contracts';
import { Server, ServerCredentials } from '@grpc/grpc-js';

const port = Number(process.argv[2] ?? 50999);
const delayMs = Number(process.argv[3] ?? 0);
const definition = {};
const handlers = {};
let calls = 0;
let bytes = 0;
for (const [name, method] of Object.entries(CollectorService)) {
  definition[name] = { ...method, requestDeserialize: (b) => b };
  handlers[name] = (call, callback) => {
    calls++;
    bytes += call.request.length;
    const answer = () => callback(null, name === 'trackBatch' || name === 'upsertItems' ? { accepted: 0 } : {});
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  };
}
const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
server.addService(definition, handlers);
server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  console.error(`stub collector on ${port}`);
});
process.on('SIGTERM', () => {
  console.error(`calls ${calls} bytes ${bytes}`);
  process.exit(0);
});
