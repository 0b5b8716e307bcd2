import { TokenizerError } from './errors.js';

/** The subset of a Hugging Face `tokenizer.json` that BERT-family models use. */
export interface TokenizerJson {
  version?: string;
  truncation: TruncationJson | null;
  padding: PaddingJson | null;
  added_tokens: AddedTokenJson[];
  normalizer: BertNormalizerJson | null;
  pre_tokenizer: { type: 'BertPreTokenizer' } | null;
  post_processor: TemplateProcessingJson | BertProcessingJson | null;
  decoder: unknown;
  model: WordPieceModelJson;
}

export interface TruncationJson {
  max_length: number;
  direction?: 'Left' | 'Right';
  strategy?: string;
  stride?: number;
}

export interface PaddingJson {
  pad_id: number;
  pad_type_id: number;
  pad_token: string;
  [key: string]: unknown;
}

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export interface BertNormalizerJson {
  type: 'BertNormalizer';
  clean_text?: boolean;
  handle_chinese_chars?: boolean;
  strip_accents?: boolean | null;
  lowercase?: boolean;
}

export interface WordPieceModelJson {
  type: 'WordPiece';
  unk_token: string;
  continuing_subword_prefix?: string;
  max_input_chars_per_word?: number;
  vocab: Record<string, number>;
}

export type TemplatePieceJson =
  | { SpecialToken: { id: string; type_id: number } }
  | { Sequence: { id: 'A' | 'B'; type_id: number } };

export interface TemplateProcessingJson {
  type: 'TemplateProcessing';
  single: TemplatePieceJson[];
  pair?: TemplatePieceJson[];
  special_tokens: Record<string, { id: string; ids: number[]; tokens: string[] }>;
}

export interface BertProcessingJson {
  type: 'BertProcessing';
  sep: [string, number];
  cls: [string, number];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(component: unknown): string | undefined {
  return isRecord(component) && typeof component['type'] === 'string' ? component['type'] : undefined;
}

/** Checks the shape of a parsed tokenizer.json and lists every problem at once. */
export function parseTokenizerJson(input: unknown): TokenizerJson {
  const value: unknown = typeof input === 'string' ? parseJsonText(input) : input;
  if (!isRecord(value)) throw new TokenizerError('INVALID_TOKENIZER_JSON', 'tokenizer.json must be a JSON object');
  const problems: string[] = [];
  const unsupported: string[] = [];

  const model = value['model'];
  if (typeOf(model) !== 'WordPiece') unsupported.push(`model type ${JSON.stringify(typeOf(model))} (only WordPiece)`);
  else if (!isRecord((model as Record<string, unknown>)['vocab']))
    problems.push('model.vocab must be an object of token → id');
  else if (typeof (model as Record<string, unknown>)['unk_token'] !== 'string')
    problems.push('model.unk_token must be a string');

  const normalizer = value['normalizer'];
  if (normalizer != null && typeOf(normalizer) !== 'BertNormalizer')
    unsupported.push(`normalizer ${JSON.stringify(typeOf(normalizer))}`);
  const preTokenizer = value['pre_tokenizer'];
  if (preTokenizer != null && typeOf(preTokenizer) !== 'BertPreTokenizer')
    unsupported.push(`pre_tokenizer ${JSON.stringify(typeOf(preTokenizer))}`);
  const postProcessor = value['post_processor'];
  const postType = typeOf(postProcessor);
  if (postProcessor != null && postType !== 'TemplateProcessing' && postType !== 'BertProcessing') {
    unsupported.push(`post_processor ${JSON.stringify(postType)}`);
  }

  const addedTokens = value['added_tokens'] ?? [];
  if (
    !Array.isArray(addedTokens) ||
    !addedTokens.every((t) => isRecord(t) && typeof t['content'] === 'string' && Number.isInteger(t['id']))
  ) {
    problems.push('added_tokens must be a list of { id, content }');
  }
  const truncation = value['truncation'];
  if (truncation != null && !(isRecord(truncation) && Number.isInteger(truncation['max_length']))) {
    problems.push('truncation.max_length must be an integer');
  }
  const padding = value['padding'];
  if (padding != null && !(isRecord(padding) && Number.isInteger(padding['pad_id'])))
    problems.push('padding.pad_id must be an integer');

  if (unsupported.length > 0) {
    throw new TokenizerError(
      'UNSUPPORTED_COMPONENT',
      `unsupported tokenizer.json components: ${unsupported.join('; ')}`,
    );
  }
  if (problems.length > 0)
    throw new TokenizerError('INVALID_TOKENIZER_JSON', `invalid tokenizer.json: ${problems.join('; ')}`);
  return {
    ...(value as unknown as TokenizerJson),
    added_tokens: addedTokens as AddedTokenJson[],
    truncation: (truncation ?? null) as TruncationJson | null,
    padding: (padding ?? null) as PaddingJson | null,
    normalizer: (normalizer ?? null) as BertNormalizerJson | null,
    pre_tokenizer: (preTokenizer ?? null) as TokenizerJson['pre_tokenizer'],
    post_processor: (postProcessor ?? null) as TokenizerJson['post_processor'],
  };
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TokenizerError('INVALID_TOKENIZER_JSON', `tokenizer.json is not valid JSON: ${(error as Error).message}`);
  }
}
