import { AddedVocabulary } from './added-tokens.js';
import { bertNormalizerOptions, normalizeBert } from './bert-normalizer.js';
import { preTokenizeBert } from './bert-pre-tokenizer.js';
import { TokenizerError } from './errors.js';
import { compileSingleTemplate, specialTokenCount, type SingleTemplate } from './post-processor.js';
import { readTokenizerJsonFile } from './tokenizer-file.adapter.js';
import { parseTokenizerJson, type TokenizerJson } from './tokenizer-json.js';
import { WordPiece } from './wordpiece.js';

/** Model inputs for one text: token ids with [CLS]/[SEP] (or whatever the template says). */
export interface Encoding {
  ids: number[];
  attentionMask: number[];
  typeIds: number[];
}

/** A WordPiece tokenizer that follows a Hugging Face tokenizer.json the way the Rust crate does. */
export class BertTokenizer {
  /** One past the largest token id: the size an embedding table needs. */
  readonly vocabSize: number;
  readonly padId: number;
  readonly padTypeId: number;
  /** `truncation.max_length` from tokenizer.json, used when encode() gets no maxLength. */
  readonly defaultMaxLength: number | undefined;
  /** How many ids the post-processor adds around a single text ([CLS] and [SEP] → 2). */
  readonly specialTokenCount: number;

  private readonly normalize: (text: string) => string;
  private readonly added: AddedVocabulary;
  private readonly wordPiece: WordPiece;
  private readonly template: SingleTemplate;
  private readonly truncateLeft: boolean;
  private readonly tokensById = new Map<number, string>();
  private readonly idsByToken = new Map<string, number>();

  private constructor(json: TokenizerJson) {
    const normalizerOptions = json.normalizer ? bertNormalizerOptions(json.normalizer) : undefined;
    this.normalize = normalizerOptions ? (text) => normalizeBert(text, normalizerOptions) : (text) => text;
    this.added = new AddedVocabulary(json.added_tokens, this.normalize);
    const vocab = new Map(Object.entries(json.model.vocab));
    try {
      this.wordPiece = new WordPiece({
        vocab,
        unkToken: json.model.unk_token,
        continuingSubwordPrefix: json.model.continuing_subword_prefix ?? '##',
        maxInputCharsPerWord: json.model.max_input_chars_per_word ?? 100,
      });
    } catch (error) {
      throw new TokenizerError('INVALID_VOCAB', (error as Error).message);
    }
    for (const [token, id] of vocab) this.remember(token, id);
    for (const token of json.added_tokens) this.remember(token.content, token.id);
    this.template = compileSingleTemplate(json.post_processor);
    this.specialTokenCount = specialTokenCount(this.template);
    this.defaultMaxLength = json.truncation?.max_length;
    this.truncateLeft = json.truncation?.direction === 'Left';
    this.vocabSize = largestKey(this.tokensById) + 1;
    this.padId = json.padding?.pad_id ?? this.idsByToken.get('[PAD]') ?? 0;
    this.padTypeId = json.padding?.pad_type_id ?? 0;
  }

  /** From a parsed tokenizer.json object or its JSON text. */
  static fromTokenizerJson(json: unknown): BertTokenizer {
    return new BertTokenizer(parseTokenizerJson(json));
  }

  static async fromFile(path: string): Promise<BertTokenizer> {
    return BertTokenizer.fromTokenizerJson(await readTokenizerJsonFile(path));
  }

  tokenToId(token: string): number | undefined {
    return this.idsByToken.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokensById.get(id);
  }

  /** Token strings of a text, without special tokens and without truncation. */
  tokenize(text: string): string[] {
    const tokens: string[] = [];
    for (const segment of this.added.extractAndNormalize(text)) {
      if (segment.id !== undefined) tokens.push(this.tokensById.get(segment.id) ?? '');
      else for (const word of preTokenizeBert(segment.text)) tokens.push(...this.wordPiece.tokensOf(word));
    }
    return tokens;
  }

  /** Encodes one text; `maxLength` counts the special tokens too (as the Rust crate's truncation does). */
  encode(text: string, maxLength: number | undefined = this.defaultMaxLength): Encoding {
    const room = this.roomForText(maxLength);
    const sequence = this.sequenceIds(text, this.truncateLeft ? Infinity : room);
    const kept =
      sequence.length <= room
        ? sequence
        : this.truncateLeft
          ? sequence.slice(sequence.length - room)
          : sequence.slice(0, room);
    const { prefixIds, prefixTypeIds, sequenceTypeId, suffixIds, suffixTypeIds } = this.template;
    const ids = [...prefixIds, ...kept, ...suffixIds];
    const typeIds = [...prefixTypeIds, ...new Array<number>(kept.length).fill(sequenceTypeId), ...suffixTypeIds];
    return { ids, attentionMask: new Array<number>(ids.length).fill(1), typeIds };
  }

  encodeBatch(texts: readonly string[], maxLength: number | undefined = this.defaultMaxLength): Encoding[] {
    return texts.map((text) => this.encode(text, maxLength));
  }

  /** Length of `encode(text, maxLength).ids` without building the encoding. */
  countTokens(text: string, maxLength: number | undefined = this.defaultMaxLength): number {
    const room = this.roomForText(maxLength);
    return Math.min(room, this.sequenceIds(text, room).length) + this.specialTokenCount;
  }

  private roomForText(maxLength: number | undefined): number {
    if (maxLength === undefined) return Infinity;
    if (!Number.isInteger(maxLength) || maxLength < this.specialTokenCount) {
      throw new TokenizerError(
        'MAX_LENGTH_TOO_SHORT',
        `maxLength ${maxLength} cannot hold the ${this.specialTokenCount} special tokens`,
      );
    }
    return maxLength - this.specialTokenCount;
  }

  /** Ids of the text alone; stops early once `limit` ids are collected. */
  private sequenceIds(text: string, limit: number): number[] {
    const ids: number[] = [];
    for (const segment of this.added.extractAndNormalize(text)) {
      if (ids.length >= limit) break;
      if (segment.id !== undefined) {
        ids.push(segment.id);
        continue;
      }
      for (const word of preTokenizeBert(segment.text)) {
        for (const id of this.wordPiece.idsOf(word)) ids.push(id);
        if (ids.length >= limit) break;
      }
    }
    return ids;
  }

  private remember(token: string, id: number): void {
    this.tokensById.set(id, token);
    this.idsByToken.set(token, id);
  }
}

function largestKey(map: ReadonlyMap<number, unknown>): number {
  let largest = -1;
  for (const key of map.keys()) if (key > largest) largest = key;
  return largest;
}
