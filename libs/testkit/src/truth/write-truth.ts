import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Shop } from '../shop.js';
import type { RunTruth } from './run-truth.js';
import { truthToJson } from './truth-json.js';

/** Writes the truth as JSON to `path` (creating its folder). The only I/O in the test kit. */
export async function writeTruthJson(path: string, shop: Shop, run?: RunTruth): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(truthToJson(shop, run), null, 1)}\n`, 'utf8');
}
