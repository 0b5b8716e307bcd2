import { OnnxTextEncoder } from '@demand/embedder/training';

/** Opens an encoder without its log lines (the evals print their own progress). */
export const openQuietly = (files: Parameters<typeof OnnxTextEncoder.fromFiles>[0]) =>
  OnnxTextEncoder.fromFiles(files, { logger: { info: () => undefined, warn: () => undefined } });
