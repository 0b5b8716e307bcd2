import { TokenizerError } from './errors.js';
import { BERT_SPECIAL_TOKENS, CONTINUING_SUBWORD_PREFIX } from './special-tokens.js';
import type { TokenizerJson } from './tokenizer-json.js';

export interface TokenizerJsonOptions {
  /** Written as `truncation.max_length`; omit for no default truncation. */
  maxLength?: number;
  lowercase?: boolean;
}

/** A Hugging Face tokenizer.json (as text) for a BERT WordPiece vocab; ids are positions in `vocab`. */
export function writeTokenizerJson(vocab: readonly string[], options: TokenizerJsonOptions = {}): string {
  const ids = new Map<string, number>();
  vocab.forEach((token, id) => {
    if (ids.has(token))
      throw new TokenizerError('INVALID_VOCAB', `token ${JSON.stringify(token)} appears twice in the vocab`);
    ids.set(token, id);
  });
  const missing = BERT_SPECIAL_TOKENS.filter((token) => !ids.has(token));
  if (missing.length > 0)
    throw new TokenizerError('INVALID_VOCAB', `the vocab lacks special tokens ${missing.join(', ')}`);
  const idOf = (token: string): number => ids.get(token) ?? -1;

  const json: TokenizerJson = {
    version: '1.0',
    truncation:
      options.maxLength === undefined
        ? null
        : { direction: 'Right', max_length: options.maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: [...BERT_SPECIAL_TOKENS]
      .sort((a, b) => idOf(a) - idOf(b))
      .map((content) => ({
        id: idOf(content),
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: options.lowercase ?? true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: CONTINUING_SUBWORD_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: CONTINUING_SUBWORD_PREFIX,
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
  return JSON.stringify(json, null, 2);
}
