import { readFile, writeFile } from 'node:fs/promises';
import { TokenizerError } from './errors.js';

export async function readTokenizerJsonFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TokenizerError('INVALID_TOKENIZER_JSON', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function writeTokenizerJsonFile(path: string, tokenizerJsonText: string): Promise<void> {
  await writeFile(path, tokenizerJsonText, 'utf8');
}
