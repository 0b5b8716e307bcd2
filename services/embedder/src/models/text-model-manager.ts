import type { ModelVersion, ModelWatch } from '@demand/model-store';
import type { Logger } from '@demand/telemetry';
import { directoryEncoder, type EncoderLocation, type ModelRepository } from '../adapters/model-repository.adapter.js';
import { EmbedderError } from '../domain/embedder-error.js';
import type { HeadTask } from '../domain/head-artifact.js';
import type { TextHeads } from '../domain/text-heads.js';
import type { BatchingOptions } from '@demand/onnx-encoder';
import { TrainingCancelled, type ModelTrainer, type TrainingJob } from '../ports/model-trainer.port.js';
import type { EncoderHandle, TextModels } from '../ports/text-models.port.js';
import { isCold } from '../training/corpus.js';
import { closeEncoder, openEncoder } from './loaded-encoder.js';
import { type EncoderPreparation, type RetrainOutcome, Retraining } from './retraining.js';
import { ServedModels, TASKS } from './served-models.js';
import type { TrainingRuns, TrainingSettings } from './training-runs.js';
import { TEXT_MODELS_FAILED } from './readiness.js';

export type { EncoderPreparation, RetrainOutcome } from './retraining.js';

export interface ModelSettings {
  /** An operator's encoder directory; without it the store's newest encoder (trained when none). */
  modelDir: string | undefined;
  executionProviders: readonly string[];
  intraOpNumThreads: number | undefined;
  batching: BatchingOptions;
  training: TrainingSettings;
  headReloadMs: number;
}

/**
 * Loads the text encoder and the heads, trains what is missing in a worker (the service
 * serves meanwhile: Embed and SemanticSearch as soon as the encoder is there, everything once
 * the heads are), and swaps in head versions published later without a restart.
 */
export class TextModelManager implements TextModels {
  private readonly served = new ServedModels();
  private status = 'the text models are loading';
  private readonly retraining: Retraining;
  private failure: unknown;
  private job: TrainingJob | undefined;
  private background: Promise<void> | undefined;
  private watches: ModelWatch[] = [];
  private stopped = false;
  private readonly ready: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(
    private readonly deps: {
      repository: ModelRepository;
      trainer: ModelTrainer;
      runs: TrainingRuns;
      settings: ModelSettings;
      logger: Logger;
    },
  ) {
    this.retraining = new Retraining(this.served, deps);
    this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.ready.catch(() => undefined);
  }

  /** Loads what exists (quickly; a bad operator model directory fails the start) and starts training what does not. */
  async start(): Promise<void> {
    const { settings, repository } = this.deps;
    const location =
      settings.modelDir !== undefined ? await directoryEncoder(settings.modelDir) : await repository.latestEncoder();
    if (location) {
      await this.loadEncoder(location);
      for (const task of TASKS) {
        const version = await repository.headFor(task, location.fingerprint);
        if (version) this.served.setHead(task, await repository.loadHead(task, version));
      }
    }
    for (const task of TASKS) {
      this.watches.push(
        repository.watchHeads(task, (version) => this.onPublished(task, version), {
          intervalMs: settings.headReloadMs,
          onError: (error) => this.deps.logger.error({ err: error, task }, 'head reload failed'),
        }),
      );
    }
    if (this.isReady()) this.settle.resolve();
    else this.background = this.trainMissing(location);
  }

  /** Resolves once encoder and heads are loaded; rejects when loading or training failed. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  isReady(): boolean {
    return this.served.isReady();
  }

  encoder(): EncoderHandle {
    const loaded = this.served.encoder;
    if (!loaded) throw this.unavailable();
    return loaded.handle;
  }

  heads(): TextHeads {
    const heads = this.served.heads();
    if (!heads) throw this.unavailable();
    return heads;
  }

  /**
   * With a preparation, a retrained encoder replaces the one in service without a restart: it is
   * loaded beside it, its collections are filled, then encoder and heads switch in one step.
   */
  swapEncodersAfter(prepare: EncoderPreparation): void {
    this.retraining.swapEncodersAfter(prepare);
  }

  /** The encoder in service's unknown-token share per text kind on its training corpus. */
  unknownTokenShare(): Record<string, number> {
    return this.served.encoder?.location.unknownTokenShare ?? {};
  }

  /** What /readyz says beside ready or not: loading, or which versions serve and whether they are cold. */
  detail(): string {
    return this.served.detail(this.status);
  }

  /**
   * training.requested.v1: retrains `model` on the shop's latest window. Heads are scored
   * beside the champion on the same holdout and replace it (hot) unless worse beyond the
   * tolerance; a new encoder (and heads for it) is published for the next start. Runs one at a time.
   */
  retrain(model: string, reason: string): Promise<RetrainOutcome> {
    return this.retraining.retrain(model, reason);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches) watch.stop();
    await this.job?.cancel();
    await this.retraining.stop();
    await this.background;
    const loaded = this.served.encoder;
    if (loaded) await closeEncoder(loaded);
  }

  private async trainMissing(existing: EncoderLocation | undefined): Promise<void> {
    const { trainer, repository, runs, logger } = this.deps;
    this.status = existing
      ? 'the sentiment and intent heads for this encoder are being trained'
      : 'the default text encoder and heads are being trained';
    try {
      const started = Date.now();
      const { corpus, why } = await runs.firstCorpus();
      this.served.coldReason = isCold(corpus.source) ? why : '';
      if (this.stopped) return;
      logger.info(
        { source: corpus.source, encoder: existing?.label ?? 'to be trained', why },
        `no ready models: ${this.status}`,
      );
      this.job = trainer.start({
        corpus,
        encoder: existing ? { directory: existing.directory } : { train: true },
      });
      const result = await this.job.result;
      this.job = undefined;
      if (this.stopped) return;
      let location = existing;
      if (!location) {
        location = await runs.publishEncoder(result);
        await this.loadEncoder(location);
      }
      for (const task of TASKS) {
        const version = await runs.publishHead(task, result, location);
        this.served.setHead(task, await repository.loadHead(task, version));
      }
      logger.info(
        { ms: Date.now() - started, sentiment: result.sentiment.report.test, intent: result.intent.report.test },
        'text models trained and published',
      );
      this.settle.resolve();
    } catch (error) {
      if (error instanceof TrainingCancelled || this.stopped) return;
      this.failure = error;
      this.status = `${TEXT_MODELS_FAILED}: ${Error.isError(error) ? error.message : String(error)}`;
      logger.error({ err: error }, 'training the text models failed; the service stays unready');
      this.settle.reject(error);
    }
  }

  private async loadEncoder(location: EncoderLocation): Promise<void> {
    this.served.setEncoder(await openEncoder(location, this.deps.settings, this.deps.logger));
  }

  private async onPublished(task: HeadTask, version: ModelVersion): Promise<void> {
    const label = `${version.name}@${version.version}`;
    const fingerprint = this.served.encoder?.location.fingerprint;
    if (this.served.head(task)?.version === label) return;
    if (this.retraining.isIncoming(version.metadata['encoderFingerprint'])) return;
    if (version.metadata['encoderFingerprint'] !== fingerprint) {
      this.deps.logger.warn(
        { version: label, encoder: this.served.encoder?.location.label },
        'a head for another encoder was published; keeping the current one',
      );
      return;
    }
    this.served.setHead(task, await this.deps.repository.loadHead(task, version));
    this.deps.logger.info({ version: label }, `${task} head reloaded`);
    if (this.isReady()) this.settle.resolve();
  }

  private unavailable(): EmbedderError {
    return new EmbedderError('UNAVAILABLE', this.failure === undefined ? `${this.status}; retry shortly` : this.status);
  }
}
