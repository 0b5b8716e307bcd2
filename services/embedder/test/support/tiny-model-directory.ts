import { buildWordPieceVocab, writeTokenizerJson } from '@demand/bert-tokenizer';
import { buildBertOnnxModel } from '../../src/encoder/bert-onnx-builder.js';
import { randomBertWeights, type BertWeights } from '../../src/encoder/bert-weights.js';
import type { EncoderConfig } from '@demand/onnx-encoder';
import { writeEncoderModelDirectory } from '@demand/onnx-encoder';
import type { EncoderLogger } from '@demand/onnx-encoder';

export const SHOP_TEXTS = [
  '这个手机很好用，电池续航也不错。',
  '物流太慢了，客服态度很好。',
  '价格便宜，质量一般，不推荐购买。',
  '屏幕很清晰，拍照效果好，性价比高。',
  '收到货发现包装破损，申请退货。',
  'The battery life is great, shipping was fast.',
  'Battery drains fast; the phone gets hot while charging.',
  'Great phone, great price, great battery!',
  'Returned it: the charger was broken.',
  'Café-quality coffee maker, très bien 👍',
  '耳机音质不错 but the case feels cheap',
  '给妈妈买的，她很喜欢 ❤️',
];

export interface TinyModel {
  weights: BertWeights;
  tokenizerJson: string;
}

/** A random tiny BERT with a vocab built from SHOP_TEXTS, written as a model directory. */
export async function writeTinyModelDirectory(directory: string, config: EncoderConfig, seed = 11): Promise<TinyModel> {
  const tokenizerJson = writeTokenizerJson(buildWordPieceVocab(SHOP_TEXTS, 400));
  const vocabSize = Object.keys((JSON.parse(tokenizerJson) as { model: { vocab: object } }).model.vocab).length;
  const weights = randomBertWeights(
    {
      vocabSize,
      hiddenSize: 32,
      numLayers: 2,
      numHeads: 4,
      intermediateSize: 64,
      maxPositions: 64,
      typeVocabSize: 2,
      layerNormEpsilon: 1e-12,
    },
    seed,
  );
  await writeEncoderModelDirectory(directory, { model: buildBertOnnxModel(weights), tokenizerJson, config });
  return { weights, tokenizerJson };
}

export interface RecordedLog {
  level: 'warn' | 'info';
  details: Record<string, unknown>;
  message: string;
}

export function recordingLogger(): EncoderLogger & { records: RecordedLog[] } {
  const records: RecordedLog[] = [];
  return {
    records,
    warn: (details, message) => records.push({ level: 'warn', details, message }),
    info: (details, message) => records.push({ level: 'info', details, message }),
  };
}

export function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  a.forEach((vector, i) => {
    const other = b[i] as Float32Array;
    if (other.length !== vector.length) max = Infinity;
    vector.forEach((value, k) => (max = Math.max(max, Math.abs(value - (other[k] ?? NaN)))));
  });
  return max;
}
