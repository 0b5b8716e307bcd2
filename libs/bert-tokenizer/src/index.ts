export { BertTokenizer, type Encoding } from './bert-tokenizer.js';
export { TokenizerError, type TokenizerErrorCode } from './errors.js';
export { buildWordPieceVocab, type VocabBuilderOptions } from './vocab-builder.js';
export { writeTokenizerJson, type TokenizerJsonOptions } from './tokenizer-json-writer.js';
export { readTokenizerJsonFile, writeTokenizerJsonFile } from './tokenizer-file.adapter.js';
export { parseTokenizerJson, type TokenizerJson } from './tokenizer-json.js';
export { BERT_SPECIAL_TOKENS } from './special-tokens.js';
