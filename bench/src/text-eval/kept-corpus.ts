// The DEV-only tools' inputs: the corpus a text-unseen.eval.ts run kept (TEXT_EVAL_CORPUS) and the unseen DEV half.
import { existsSync, readFileSync } from 'node:fs';
import type { TrainingCorpus } from '@demand/embedder/training';
import { splitUnseen } from './dev-test-split.js';
import { unseenSet } from './unseen-set.js';

/** The kept corpus named by TEXT_EVAL_CORPUS and the unseen texts' DEV half (never TEST). */
export function keptCorpusAndDev() {
  const file = process.env.TEXT_EVAL_CORPUS;
  if (!file || !existsSync(file))
    throw new Error('TEXT_EVAL_CORPUS must name a corpus file kept by text-unseen.eval.ts');
  return {
    corpus: JSON.parse(readFileSync(file, 'utf8')) as TrainingCorpus,
    dev: splitUnseen(unseenSet()).dev,
  };
}
