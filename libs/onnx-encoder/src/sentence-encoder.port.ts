/** What the rest of the embedder needs from a text encoder: texts in, one vector each out. */
export interface SentenceEncoder {
  readonly dimensions: number;
  encode(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The logging the encoder does (a pino logger fits). */
export interface EncoderLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}
