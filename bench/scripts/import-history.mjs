// The pipeline bench's history as an import file: LINES events of the bench's shop (seed 13, 20,000 users, 2000
// items), one protobuf JSON object (`Event.toJSON`) a line, for bench/scripts/import-client-ab.mjs.
//   node bench/scripts/import-history.mjs FILE LINES
import { closeSync, openSync, writeSync } from 'node:fs';
import { Event } from '@demand/contracts';
import { createShop } from '@demand/testkit';

const [file, lines] = [process.argv[2], Number(process.argv[3])];
const shop = createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' });
const fd = openSync(file, 'w');
let chunk = [];
for (const event of shop.generateEvents({ maxEvents: lines, runId: 'history' })) {
  chunk.push(JSON.stringify(Event.toJSON(event)));
  if (chunk.length === 10_000) {
    writeSync(fd, `${chunk.join('\n')}\n`);
    chunk = [];
  }
}
if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
closeSync(fd);
