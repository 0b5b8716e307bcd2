import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { itemDocument } from '@demand/embedder/training';
import { shopCorpusTexts } from '@demand/testkit';

/** The test-kit shop local mode's first text models learn from (the embedder's former bootstrap shop). */
const DEMO_SEED_SHOP = { seed: 7, users: 2000, items: 400, days: 21 };

/**
 * Local mode only: writes a test-kit shop's texts as the embedder's seed corpus
 * (EMBEDDER_SEED_CORPUS_FILE), so the demo starts with models that know a shop's language.
 * Models trained on it answer `cold` (a seed, not the shop's own data) until retrained.
 */
export async function writeDemoSeedCorpus(file: string): Promise<void> {
  if (existsSync(file)) return;
  const corpus = shopCorpusTexts(DEMO_SEED_SHOP, (item) => itemDocument(item));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(corpus));
  await rename(`${file}.tmp`, file);
}
