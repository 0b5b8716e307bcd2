import type { CleanText } from '@demand/contracts';
import { CleanText as CleanTextCodec, type DialogRole, TextKind } from '@demand/contracts';
import { SeededRandom } from '@demand/ml';
import { EmbedderError } from '../../src/domain/embedder-error.js';
import type { TextHead, TextHeads } from '../../src/domain/text-heads.js';
import type { SentenceEncoder } from '@demand/onnx-encoder';
import type { EncoderHandle, TextModels } from '../../src/ports/text-models.port.js';

/** A deterministic stand-in encoder: every character a seeded random direction, a text their normalised sum. */
export class HashingEncoder implements SentenceEncoder {
  readonly calls: string[][] = [];

  constructor(readonly dimensions = 32) {}

  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((text) => {
      const sum = new Float64Array(this.dimensions);
      for (const char of text.toLowerCase()) {
        const random = new SeededRandom(char.codePointAt(0) ?? 0);
        for (let k = 0; k < this.dimensions; k++) sum[k] = (sum[k] as number) + random.normal();
      }
      const length = Math.hypot(...sum);
      return Float32Array.from(sum, (v) => (length > 0 ? v / length : 0));
    });
  }
}

/** A head that answers from the lexicon's net polarity (the last feature): a tiny, readable classifier. */
export function polarityHead(version = 'sentiment-head@1', dimensions = 32): TextHead {
  return {
    version,
    classNames: ['negative', 'neutral', 'positive'],
    features: 'embedding+lexicon-v1',
    model: {
      dims: dimensions + 7,
      numClasses: 3,
      predictProba: (x) => {
        const net = x[x.length - 1] as number;
        return net > 0
          ? Float64Array.from([0.1, 0.1, 0.8])
          : net < 0
            ? Float64Array.from([0.8, 0.1, 0.1])
            : Float64Array.from([0.1, 0.8, 0.1]);
      },
    },
  };
}

/** A head that always answers the same label with probability 0.7. */
export function constantHead(version: string, classNames: string[], label: string, dimensions = 32): TextHead {
  const index = classNames.indexOf(label);
  return {
    version,
    classNames,
    features: 'embedding',
    model: {
      dims: dimensions,
      numClasses: classNames.length,
      predictProba: () => Float64Array.from(classNames, (_, k) => (k === index ? 0.7 : 0.3 / (classNames.length - 1))),
    },
  };
}

export const INTENTS = ['chitchat', 'complaint', 'price', 'product_question', 'return', 'shipping', 'size'];

/** TextModels over the hashing encoder; `unavailable` makes both methods throw as while training. */
export class FakeTextModels implements TextModels {
  readonly encoderImpl: HashingEncoder;
  unavailable: string | undefined;
  current: TextHeads;

  constructor(dimensions = 32) {
    this.encoderImpl = new HashingEncoder(dimensions);
    this.current = {
      sentiment: polarityHead('sentiment-head@1', dimensions),
      intent: constantHead('intent-head@1', INTENTS, 'return', dimensions),
    };
  }

  encoder(): EncoderHandle {
    if (this.unavailable) throw new EmbedderError('UNAVAILABLE', this.unavailable);
    return {
      encoder: this.encoderImpl,
      version: 'fake@1#abcd1234',
      tag: 'abcd1234',
      dimensions: this.encoderImpl.dimensions,
    };
  }

  heads(): TextHeads {
    if (this.unavailable) throw new EmbedderError('UNAVAILABLE', this.unavailable);
    return this.current;
  }
}

export function cleanText(
  partial: Partial<CleanText> & { textId: string; kind: TextKind; maskedText: string },
): CleanText {
  return CleanTextCodec.fromPartial({
    language: 'zh',
    userId: 'u-1',
    occurredAt: new Date('2026-03-01T10:00:00Z'),
    ...partial,
  });
}

export const review = (textId: string, itemId: string, text: string, rating: number) =>
  cleanText({ textId, kind: TextKind.TEXT_KIND_REVIEW, itemId, maskedText: text, rating });
export const query = (textId: string, text: string) =>
  cleanText({ textId, kind: TextKind.TEXT_KIND_QUERY, maskedText: text });
export const turn = (textId: string, text: string, role: DialogRole) =>
  cleanText({
    textId,
    kind: TextKind.TEXT_KIND_DIALOG_TURN,
    maskedText: text,
    role,
    conversationId: 'c-1',
    itemId: 'i-1',
  });
