/** The five BERT special tokens, in the order a freshly built vocab starts with. */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export const CONTINUING_SUBWORD_PREFIX = '##';
