// A read server worker for the tests: it takes answers and "listens" (binding nothing), and stops answering what
// `workerData.ignore` names: 'close' (it never says it closed) or 'answers' (once listening, it never applies any);
// `workerData.applyMs`: each message of answers is applied that long after the one before.
import { parentPort, workerData } from 'node:worker_threads';
import type { FromReadWorker, ToReadWorker } from '../src/read-server/read-worker-protocol.js';

const { ignore, applyMs = 0 } = workerData as { ignore?: 'close' | 'answers'; applyMs?: number };
const post = (message: FromReadWorker) => parentPort!.postMessage(message);
let listening = false;
let applying = Promise.resolve();

parentPort!.on('message', (message: ToReadWorker) => {
  if (message.type === 'answers' && !(listening && ignore === 'answers')) {
    applying = applying
      .then(() => new Promise((resolve) => setTimeout(resolve, applyMs)))
      .then(() => post({ type: 'applied', seq: message.seq }));
  }
  if (message.type === 'listen') {
    listening = true;
    post({ type: 'listening', port: 1 });
  }
  if (message.type === 'close' && ignore !== 'close') post({ type: 'closed' });
});
