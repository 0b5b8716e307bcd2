import { createShop, shopTexts } from '@demand/testkit';
import type { EncoderModelFiles } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import { itemDocument, type TrainingCorpus } from '../../src/training/corpus.js';
import { shopCorpus } from './shop-corpus.js';
import { trainDomainEncoder } from '../../src/training/train-domain-encoder.js';
import { recordingLogger } from './tiny-model-directory.js';

/** A shop small enough to train on in a test, large enough to learn from. */
export const SMALL_SHOP = { seed: 3, users: 2000, items: 200, days: 14 };

let corpus: TrainingCorpus | undefined;
export function smallCorpus(): TrainingCorpus {
  corpus ??= shopCorpus(SMALL_SHOP);
  return corpus;
}

/** Texts of another shop (other seed, other run) with their truth: never seen in training. */
export function heldOutShop(seed = 41) {
  const shop = createShop({ seed, users: 1200, items: 200 });
  return { shop, items: shop.items.map((item) => itemDocument(item)), ...shopTexts(shop, 14, 'heldout') };
}

let trained: Promise<{ files: EncoderModelFiles; encoder: OnnxTextEncoder }> | undefined;
/** The domain encoder trained on the small shop, loaded in ONNX Runtime (once per test file). */
export function smallDomainEncoder(): Promise<{ files: EncoderModelFiles; encoder: OnnxTextEncoder }> {
  trained ??= (async () => {
    // The shop's own vocabulary only (4,000 tokens): the common Chinese and English vocabulary
    // doubles training time and is exercised by the model manager and service tests.
    const { files } = trainDomainEncoder(smallCorpus(), { vocabSize: 4000, commonVocabulary: false });
    return { files, encoder: await OnnxTextEncoder.fromFiles(files, { logger: recordingLogger() }) };
  })();
  return trained;
}

export async function encodeAll(
  encoder: { encode(texts: readonly string[]): Promise<Float32Array[]> },
  texts: readonly string[],
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await encoder.encode(texts.slice(i, i + 64))));
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
