import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Encoding } from '@demand/bert-tokenizer';
import { parseEncoderConfig } from '../src/encoder-config.js';
import { EncoderError } from '../src/encoder-error.js';
import { providerFallbackChain } from '../src/execution-providers.js';
import { padEncodings } from '../src/model-inputs.js';
import { l2NormalizeInPlace, poolHiddenStates } from '../src/pooling.js';

// batch 2, sequence 3, hidden 2
const states = { data: Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]), batch: 2, sequence: 3, hidden: 2 };

describe('pooling', () => {
  it('cls pooling takes the first token of each text', () => {
    assert.deepEqual(
      poolHiddenStates(states, [1, 1, 0, 1, 1, 1], 'cls').map((v) => [...v]),
      [
        [1, 2],
        [5, 6],
      ],
    );
  });

  it('mean pooling averages only tokens under the attention mask', () => {
    assert.deepEqual(
      poolHiddenStates(states, [1, 1, 0, 1, 1, 1], 'mean').map((v) => [...v]),
      [
        [2, 3],
        [7, 8],
      ],
    );
  });

  it('l2 normalisation gives unit length and leaves a zero vector alone', () => {
    assert.deepEqual([...l2NormalizeInPlace(Float32Array.from([3, 4]))], [0.6000000238418579, 0.800000011920929]);
    assert.deepEqual([...l2NormalizeInPlace(new Float32Array(3))], [0, 0, 0]);
  });
});

describe('padEncodings', () => {
  it('pads to the longest text with the pad id and a zero mask', () => {
    const encodings: Encoding[] = [
      { ids: [2, 7, 3], attentionMask: [1, 1, 1], typeIds: [0, 0, 0] },
      { ids: [2, 3], attentionMask: [1, 1], typeIds: [0, 1] },
    ];
    const padded = padEncodings(encodings, 0);
    assert.equal(padded.sequence, 3);
    assert.deepEqual([...padded.inputIds], [2n, 7n, 3n, 2n, 3n, 0n]);
    assert.deepEqual([...padded.attentionMask], [1n, 1n, 1n, 1n, 1n, 0n]);
    assert.deepEqual([...padded.tokenTypeIds], [0n, 0n, 0n, 0n, 1n, 0n]);
    assert.deepEqual([...padded.mask], [1, 1, 1, 1, 1, 0]);
  });
});

describe('encoder.json', () => {
  it('reads a valid config and defaults normalize to true', () => {
    assert.deepEqual(parseEncoderConfig({ pooling: 'mean', maxLength: 128 }), {
      pooling: 'mean',
      maxLength: 128,
      normalize: true,
    });
    assert.deepEqual(parseEncoderConfig({ pooling: 'cls', maxLength: 512, normalize: false, outputName: 'out' }), {
      pooling: 'cls',
      maxLength: 512,
      normalize: false,
      outputName: 'out',
    });
  });

  it('lists every problem at once', () => {
    assert.throws(
      () => parseEncoderConfig({ pooling: 'max', maxLength: 1.5, normalize: 'yes', extra: 1 }),
      (error: unknown) =>
        error instanceof EncoderError &&
        error.code === 'INVALID_ENCODER_CONFIG' &&
        ['pooling', 'maxLength', 'normalize', 'extra'].every((field) => error.message.includes(field)),
    );
  });
});

describe('providerFallbackChain', () => {
  it('drops accelerators one at a time and always ends on CPU', () => {
    assert.deepEqual(providerFallbackChain(['cuda', 'cpu']), [['cuda', 'cpu'], ['cpu']]);
    assert.deepEqual(providerFallbackChain(['tensorrt', 'cuda']), [
      ['tensorrt', 'cuda', 'cpu'],
      ['cuda', 'cpu'],
      ['cpu'],
    ]);
    assert.deepEqual(providerFallbackChain(['cpu']), [['cpu']]);
    assert.deepEqual(providerFallbackChain([]), [['cpu']]);
  });
});
