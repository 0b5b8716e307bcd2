import { BertTokenizer } from '@demand/bert-tokenizer';
import ort from 'onnxruntime-node';
import type { EncoderConfig } from './encoder-config.js';
import { EncoderError } from './encoder-error.js';
import { providerFallbackChain } from './execution-providers.js';
import { readEncoderModelDirectory, type EncoderModelFiles } from './model-directory.adapter.js';
import { padEncodings, type PaddedBatch } from './model-inputs.js';
import { l2NormalizeInPlace, poolHiddenStates } from './pooling.js';
import type { EncoderLogger, SentenceEncoder } from './sentence-encoder.port.js';

export interface OnnxEncoderOptions {
  logger: EncoderLogger;
  /** Execution providers in order of preference, e.g. ['cuda', 'cpu']; default ['cpu']. */
  executionProviders?: readonly string[];
  /** CPU threads per model call; ONNX Runtime's default when omitted. */
  intraOpNumThreads?: number;
  /**
   * ONNX Runtime's own stderr log level: process-wide, and fixed when the process creates its first
   * session. A missing CUDA library is reported there as an error line besides the fallback warning
   * sent to `logger`; 'fatal' keeps stderr quiet.
   */
  nativeLogLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];
const OPTIONAL_INPUTS = ['token_type_ids'];

/** A BERT-family ONNX model plus its tokenizer.json, run by onnxruntime-node. */
export class OnnxTextEncoder implements SentenceEncoder {
  private width = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly tokenizer: BertTokenizer,
    readonly config: EncoderConfig,
    /** The execution providers the session was created with (after any fallback). */
    readonly providers: readonly string[],
    private readonly outputName: string,
    private readonly feedsTokenTypes: boolean,
  ) {}

  /** Loads `model.onnx`, `tokenizer.json` and `encoder.json` from a model directory. */
  static async load(directory: string, options: OnnxEncoderOptions): Promise<OnnxTextEncoder> {
    return OnnxTextEncoder.fromFiles(await readEncoderModelDirectory(directory), options);
  }

  static async fromFiles(files: EncoderModelFiles, options: OnnxEncoderOptions): Promise<OnnxTextEncoder> {
    const tokenizer = BertTokenizer.fromTokenizerJson(files.tokenizerJson);
    const { session, providers } = await createSession(files.model, options);
    try {
      const { outputName, feedsTokenTypes } = checkInterface(session, files.config);
      const encoder = new OnnxTextEncoder(session, tokenizer, files.config, providers, outputName, feedsTokenTypes);
      const [probe] = await encoder.encode(['']);
      encoder.width = probe?.length ?? 0;
      options.logger.info(
        { providers, dimensions: encoder.dimensions, pooling: files.config.pooling, maxLength: files.config.maxLength },
        'text encoder loaded',
      );
      return encoder;
    } catch (error) {
      await session.release();
      throw error;
    }
  }

  /** Width of the vectors, read from the model's output on a warm-up run. */
  get dimensions(): number {
    return this.width;
  }

  /** Tokens the model will see for this text ([CLS]/[SEP] included, after truncation). */
  countTokens(text: string): number {
    return this.tokenizer.countTokens(text, this.config.maxLength);
  }

  /** One vector per text: the batch is padded to its longest text, run once and pooled. */
  async encode(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const padded = padEncodings(
      this.tokenizer.encodeBatch(texts, this.config.maxLength),
      this.tokenizer.padId,
      this.tokenizer.padTypeId,
    );
    const shape = [padded.batch, padded.sequence];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', padded.inputIds, shape),
      attention_mask: new ort.Tensor('int64', padded.attentionMask, shape),
    };
    if (this.feedsTokenTypes) feeds['token_type_ids'] = new ort.Tensor('int64', padded.tokenTypeIds, shape);
    const outputs = await this.session.run(feeds, [this.outputName]);
    const vectors = this.toVectors(outputs[this.outputName], padded);
    return this.config.normalize ? vectors.map(l2NormalizeInPlace) : vectors;
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private toVectors(output: ort.Tensor | undefined, padded: PaddedBatch): Float32Array[] {
    if (output?.type !== 'float32')
      throw mismatch(`output ${this.outputName} must be a float32 tensor (got ${output?.type})`);
    const data = output.data as Float32Array;
    const [batch, second, third] = output.dims;
    if (output.dims.length === 2 && batch === padded.batch && second !== undefined) {
      return Array.from({ length: batch }, (_, b) => data.slice(b * second, (b + 1) * second));
    }
    if (output.dims.length !== 3 || batch !== padded.batch || second !== padded.sequence || third === undefined) {
      throw mismatch(
        `output ${this.outputName} has shape [${output.dims.join(', ')}], expected [${padded.batch}, ${padded.sequence}, hidden]`,
      );
    }
    return poolHiddenStates({ data, batch, sequence: second, hidden: third }, padded.mask, this.config.pooling);
  }
}

async function createSession(
  model: Uint8Array,
  options: OnnxEncoderOptions,
): Promise<{ session: ort.InferenceSession; providers: string[] }> {
  const requested = options.executionProviders ?? ['cpu'];
  if (options.nativeLogLevel) ort.env.logLevel = options.nativeLogLevel;
  const failures: string[] = [];
  for (const providers of providerFallbackChain(requested)) {
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: providers,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
        ...(options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads }),
      });
      if (failures.length > 0) {
        options.logger.warn(
          { requested, using: providers, failures },
          `execution provider unavailable; text encoder falls back to ${providers.join('+')}`,
        );
      }
      return { session, providers };
    } catch (error) {
      failures.push(`${providers.join('+')}: ${Error.isError(error) ? error.message : String(error)}`);
    }
  }
  throw new EncoderError('MODEL_LOAD_FAILED', `ONNX Runtime could not load the model: ${failures.join(' | ')}`);
}

function checkInterface(
  session: ort.InferenceSession,
  config: EncoderConfig,
): { outputName: string; feedsTokenTypes: boolean } {
  const problems: string[] = [];
  const inputs = session.inputNames;
  for (const name of REQUIRED_INPUTS) if (!inputs.includes(name)) problems.push(`model lacks input ${name}`);
  for (const name of inputs)
    if (!REQUIRED_INPUTS.includes(name) && !OPTIONAL_INPUTS.includes(name))
      problems.push(`model wants unknown input ${name}`);
  const outputs = session.outputNames;
  const outputName = config.outputName ?? (outputs.includes('last_hidden_state') ? 'last_hidden_state' : outputs[0]);
  if (outputName === undefined || !outputs.includes(outputName))
    problems.push(`model has no output ${outputName} (outputs: ${outputs.join(', ')})`);
  if (problems.length > 0 || outputName === undefined) throw mismatch(problems.join('; '));
  return { outputName, feedsTokenTypes: inputs.includes('token_type_ids') };
}

function mismatch(message: string): EncoderError {
  return new EncoderError('MODEL_INTERFACE_MISMATCH', message);
}
