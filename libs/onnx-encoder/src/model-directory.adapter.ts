import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEncoderConfig, type EncoderConfig } from './encoder-config.js';
import { EncoderError } from './encoder-error.js';

export const MODEL_FILE = 'model.onnx';
export const TOKENIZER_FILE = 'tokenizer.json';
export const ENCODER_CONFIG_FILE = 'encoder.json';

/** The three files of an encoder model directory, read and checked. */
export interface EncoderModelFiles {
  model: Uint8Array;
  tokenizerJson: unknown;
  config: EncoderConfig;
}

export async function readEncoderModelDirectory(directory: string): Promise<EncoderModelFiles> {
  const files = [MODEL_FILE, TOKENIZER_FILE, ENCODER_CONFIG_FILE];
  const missing: string[] = [];
  for (const file of files) {
    await access(join(directory, file)).catch(() => missing.push(file));
  }
  if (missing.length > 0)
    throw new EncoderError('INVALID_MODEL_DIRECTORY', `model directory ${directory} lacks ${missing.join(', ')}`);
  const [model, tokenizerText, configText] = await Promise.all([
    readFile(join(directory, MODEL_FILE)),
    readFile(join(directory, TOKENIZER_FILE), 'utf8'),
    readFile(join(directory, ENCODER_CONFIG_FILE), 'utf8'),
  ]);
  return {
    model: new Uint8Array(model.buffer, model.byteOffset, model.byteLength),
    tokenizerJson: parseJsonFile(directory, TOKENIZER_FILE, tokenizerText),
    config: parseEncoderConfig(parseJsonFile(directory, ENCODER_CONFIG_FILE, configText)),
  };
}

/** Writes a model directory (e.g. the project's own small encoder after training and export). */
export async function writeEncoderModelDirectory(
  directory: string,
  files: { model: Uint8Array; tokenizerJson: string; config: EncoderConfig },
): Promise<void> {
  parseEncoderConfig(files.config);
  await mkdir(directory, { recursive: true });
  await Promise.all([
    writeFile(join(directory, MODEL_FILE), files.model),
    writeFile(join(directory, TOKENIZER_FILE), files.tokenizerJson, 'utf8'),
    writeFile(join(directory, ENCODER_CONFIG_FILE), `${JSON.stringify(files.config, null, 2)}\n`, 'utf8'),
  ]);
}

function parseJsonFile(directory: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EncoderError(
      'INVALID_MODEL_DIRECTORY',
      `${join(directory, file)} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
