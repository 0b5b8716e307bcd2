export type TokenizerErrorCode =
  | 'INVALID_TOKENIZER_JSON'
  | 'UNSUPPORTED_COMPONENT'
  | 'MAX_LENGTH_TOO_SHORT'
  | 'INVALID_VOCAB';

/** The one error type of this library; `code` says what went wrong. */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';

  constructor(
    readonly code: TokenizerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
