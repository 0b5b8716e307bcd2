/** A hand-written tokenizer.json in the exact shape Hugging Face writes for bert-base-chinese / bge-small-zh. */
export const FIXTURE_VOCAB = [
  '[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', // 0-4
  '我', '们', '喜', '欢', '这', '个', '手', '机', '很', '好', // 5-14
  '用', '，', '。', '!', '?', ',', '.', 'the', 'phone', 'is', // 15-24
  'great', 'un', '##believ', '##able', 'play', '##ing', 'cafe', 'i', 'love', 'it', // 25-34
  'battery', '##s', 'a', '##b', '$', '1', '##5', 'iphone', 'pro', '价', // 35-44
  '格', '便', '宜', '-', "'", 's', 'οδοσ', '𠀀', 'b', 'naive', // 45-54
  '电', '池', '续', '航', '质', '量', '物', '流', '客', '服', // 55-64
  'life', 'bad', '##ly', 'good', 'very', 'price', '##less', 'cheap', 'fast', 'slow', // 65-74
  'return', '##ed', 'order', 'ship', '##ping', '2', '##0', '##2', '##4', '%', // 75-84
  '(', ')', '！', '？', '、', '“', '”', 'x', '##y', 'we', // 85-94
] as const;

export function fixtureTokenizerJson(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '[PAD]'), special(1, '[UNK]'), special(2, '[CLS]'), special(3, '[SEP]'), special(4, '[MASK]')],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(FIXTURE_VOCAB.map((token, id) => [token, id])),
    },
    ...overrides,
  };
}
