import { EncoderError } from './encoder-error.js';

export type PoolingMode = 'cls' | 'mean';

/** The model directory's `encoder.json`: how to turn the model's output into one vector per text. */
export interface EncoderConfig {
  pooling: PoolingMode;
  /** Tokens per text, [CLS] and [SEP] included; longer texts are truncated. */
  maxLength: number;
  /** L2-normalise every vector (cosine similarity becomes a dot product). */
  normalize: boolean;
  /** Which model output to read; default `last_hidden_state`, else the model's first output. */
  outputName?: string;
}

const MAX_SUPPORTED_LENGTH = 8192;

/** Validates a parsed encoder.json, listing every problem at once. */
export function parseEncoderConfig(value: unknown): EncoderConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EncoderError('INVALID_ENCODER_CONFIG', 'encoder.json must be a JSON object');
  }
  const raw = value as Record<string, unknown>;
  const problems: string[] = [];
  const pooling = raw['pooling'];
  if (pooling !== 'cls' && pooling !== 'mean')
    problems.push(`pooling must be "cls" or "mean" (got ${JSON.stringify(pooling)})`);
  const maxLength = raw['maxLength'];
  if (
    typeof maxLength !== 'number' ||
    !Number.isInteger(maxLength) ||
    maxLength < 3 ||
    maxLength > MAX_SUPPORTED_LENGTH
  ) {
    problems.push(`maxLength must be an integer from 3 to ${MAX_SUPPORTED_LENGTH} (got ${JSON.stringify(maxLength)})`);
  }
  const normalize = raw['normalize'] ?? true;
  if (typeof normalize !== 'boolean') problems.push(`normalize must be a boolean (got ${JSON.stringify(normalize)})`);
  const outputName = raw['outputName'];
  if (outputName !== undefined && (typeof outputName !== 'string' || outputName.length === 0))
    problems.push('outputName must be a non-empty string');
  const known = new Set(['pooling', 'maxLength', 'normalize', 'outputName']);
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`unknown field ${JSON.stringify(key)}`);
  if (problems.length > 0)
    throw new EncoderError('INVALID_ENCODER_CONFIG', `invalid encoder.json: ${problems.join('; ')}`);
  return {
    pooling: pooling as PoolingMode,
    maxLength: maxLength as number,
    normalize: normalize as boolean,
    ...(outputName === undefined ? {} : { outputName: outputName as string }),
  };
}
