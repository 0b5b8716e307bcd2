import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex, type ModelStore, type ModelVersion, type ModelWatch } from '@demand/model-store';
import { decodeHeadArtifact, type HeadTask } from '../domain/head-artifact.js';
import type { TextHead } from '../domain/text-heads.js';
import { ENCODER_CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE } from '@demand/onnx-encoder';
import type { TrainedEncoder } from '../training/bootstrap-models.js';

export const ENCODER_MODEL = 'text-encoder';
export const HEAD_MODELS: Record<HeadTask, string> = { sentiment: 'sentiment-head', intent: 'intent-head' };
/** Every model the embedder keeps in its model store. */
export const TEXT_MODEL_NAMES: readonly string[] = [ENCODER_MODEL, ...Object.values(HEAD_MODELS)];
const HEAD_FILE = 'model.json';

/** An encoder model directory and the fingerprint that ties heads and collections to it. */
export interface EncoderLocation {
  directory: string;
  /** sha256 over the three files' sha256s. */
  fingerprint: string;
  /** What callers see, e.g. "text-encoder@3#1a2b3c4d". */
  label: string;
  /** Trained on something other than the shop's own data (an operator's directory is not). */
  cold: boolean;
  /** Share of the training corpus's tokens the vocabulary did not know, per text kind (when recorded). */
  unknownTokenShare: Record<string, number>;
  /** What it was trained on, e.g. "shop", "generic-seed", "testkit-shop" (versions before sources were recorded). */
  trainedOn: string;
}

function trainedOn(version: ModelVersion): string {
  const source = (version.metadata['source'] ?? version.metadata['corpus']) as { kind?: unknown } | undefined;
  return typeof source?.kind === 'string' ? source.kind : 'an unrecorded corpus';
}

/** Whether a stored version was trained on a seed (or predates recording its source). */
export function coldVersion(version: ModelVersion): boolean {
  const source = version.metadata['source'] as { kind?: unknown } | undefined;
  return source?.kind !== 'shop';
}

export function encoderFingerprint(shas: { model: string; tokenizer: string; config: string }): string {
  return createHash('sha256').update(`${shas.model}:${shas.tokenizer}:${shas.config}`).digest('hex');
}

/** The fingerprint of an operator's model directory, from the bytes of its files. */
export async function directoryEncoder(directory: string): Promise<EncoderLocation> {
  const [model, tokenizer, config] = await Promise.all(
    [MODEL_FILE, TOKENIZER_FILE, ENCODER_CONFIG_FILE].map((file) => readFile(join(directory, file))),
  );
  const fingerprint = encoderFingerprint({
    model: sha256Hex(model as Buffer),
    tokenizer: sha256Hex(tokenizer as Buffer),
    config: sha256Hex(config as Buffer),
  });
  return {
    directory,
    fingerprint,
    label: `dir:${directory}#${fingerprint.slice(0, 8)}`,
    cold: false,
    unknownTokenShare: {},
    trainedOn: 'an operator export',
  };
}

/**
 * The embedder's models in the model store: "text-encoder" (model.onnx, tokenizer.json,
 * encoder.json) and the "sentiment-head" / "intent-head" classifiers (model.json), each head
 * version recording the fingerprint of the encoder it was trained on.
 */
export class ModelRepository {
  constructor(private readonly store: ModelStore) {}

  /** The newest encoder version, checked against its manifest, or undefined when none exists. */
  async latestEncoder(): Promise<EncoderLocation | undefined> {
    const version = await this.store.latest(ENCODER_MODEL);
    if (!version) return undefined;
    await this.store.verify(version);
    return this.locate(version);
  }

  async publishEncoder(encoder: TrainedEncoder, metadata: Record<string, unknown>): Promise<EncoderLocation> {
    const version = await this.store.publish(ENCODER_MODEL, {
      files: {
        [MODEL_FILE]: encoder.model,
        [TOKENIZER_FILE]: encoder.tokenizerText,
        [ENCODER_CONFIG_FILE]: `${JSON.stringify(encoder.config, null, 2)}\n`,
      },
      metadata: { ...metadata, report: encoder.report },
    });
    return this.locate(version);
  }

  /** The newest head version trained on this encoder, or undefined. */
  async headFor(task: HeadTask, fingerprint: string): Promise<ModelVersion | undefined> {
    const versions = await this.store.list(HEAD_MODELS[task]);
    return [...versions].reverse().find((version) => version.metadata['encoderFingerprint'] === fingerprint);
  }

  async publishHead(task: HeadTask, artifact: string, metadata: Record<string, unknown>): Promise<ModelVersion> {
    return this.store.publish(HEAD_MODELS[task], { files: { [HEAD_FILE]: artifact }, metadata });
  }

  /** The head and its model.json (kept to score it against challengers). */
  async loadHead(task: HeadTask, version: ModelVersion): Promise<{ head: TextHead; artifact: string }> {
    const artifact = new TextDecoder().decode(await this.store.readFile(version, HEAD_FILE));
    const head = decodeHeadArtifact(artifact, task, `${version.name}@${version.version}`);
    return { head: { ...head, cold: coldVersion(version) }, artifact };
  }

  /** Calls back for every head version published from now on (by any process). */
  watchHeads(
    task: HeadTask,
    onPublished: (version: ModelVersion) => Promise<void>,
    options: { intervalMs: number; onError: (error: unknown) => void },
  ): ModelWatch {
    return this.store.watch(HEAD_MODELS[task], onPublished, options);
  }

  private locate(version: ModelVersion): EncoderLocation {
    const sha = (file: string): string => version.files.find((f) => f.name === file)?.sha256 ?? '';
    const fingerprint = encoderFingerprint({
      model: sha(MODEL_FILE),
      tokenizer: sha(TOKENIZER_FILE),
      config: sha(ENCODER_CONFIG_FILE),
    });
    return {
      directory: this.store.directoryOf(version),
      fingerprint,
      label: `${version.name}@${version.version}#${fingerprint.slice(0, 8)}`,
      cold: coldVersion(version),
      unknownTokenShare: (version.metadata['unknownTokenShare'] as Record<string, number> | undefined) ?? {},
      trainedOn: trainedOn(version),
    };
  }
}
