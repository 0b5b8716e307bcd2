import type { Encoding } from '@demand/bert-tokenizer';

/** A batch padded to its longest text, as the int64 tensors a BERT graph takes. */
export interface PaddedBatch {
  batch: number;
  sequence: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  /** The attention mask again as plain numbers, for pooling. */
  mask: Uint8Array;
}

export function padEncodings(encodings: readonly Encoding[], padId: number, padTypeId = 0): PaddedBatch {
  const batch = encodings.length;
  const sequence = encodings.reduce((longest, encoding) => Math.max(longest, encoding.ids.length), 0);
  const inputIds = new BigInt64Array(batch * sequence).fill(BigInt(padId));
  const tokenTypeIds = new BigInt64Array(batch * sequence).fill(BigInt(padTypeId));
  const attentionMask = new BigInt64Array(batch * sequence);
  const mask = new Uint8Array(batch * sequence);
  encodings.forEach((encoding, b) => {
    const offset = b * sequence;
    for (let s = 0; s < encoding.ids.length; s++) {
      inputIds[offset + s] = BigInt(encoding.ids[s] ?? padId);
      tokenTypeIds[offset + s] = BigInt(encoding.typeIds[s] ?? padTypeId);
      const attended = encoding.attentionMask[s] ?? 0;
      attentionMask[offset + s] = BigInt(attended);
      mask[offset + s] = attended;
    }
  });
  return { batch, sequence, inputIds, attentionMask, tokenTypeIds, mask };
}
