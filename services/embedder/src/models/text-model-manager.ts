import type { ModelVersion, ModelWatch } from '@demand/model-store';
import type { Logger } from '@demand/telemetry';
import { directoryEncoder, type EncoderLocation, type ModelRepository } from '../adapters/model-repository.adapter.js';
import { EmbedderError } from '../domain/embedder-error.js';
import type { HeadTask } from '../domain/head-artifact.js';
import type { TextHeads } from '../domain/text-heads.js';
import type { BatchingOptions } from '@demand/onnx-encoder';
import { TrainingCancelled, type ModelTrainer, type TrainingJob } from '../ports/model-trainer.port.js';
import type { EncoderHandle, TextModels } from '../ports/text-models.port.js';
import type { BootstrapResult } from '../training/bootstrap-models.js';
import { isCold } from '../training/corpus.js';
import { closeEncoder, openEncoder, RetiredEncoders } from './loaded-encoder.js';
import { assertHeadsFit, ServedModels, TASKS, type StoredHead } from './served-models.js';
import { MODEL_NAMES, type TrainingRuns, type TrainingSettings } from './training-runs.js';
import { TEXT_MODELS_FAILED } from './readiness.js';

export interface ModelSettings {
  /** An operator's encoder directory; without it the store's newest encoder (trained when none). */
  modelDir: string | undefined;
  executionProviders: readonly string[];
  intraOpNumThreads: number | undefined;
  batching: BatchingOptions;
  training: TrainingSettings;
  headReloadMs: number;
}

export interface RetrainOutcome {
  /** Versions published to the model store (none when refused or not better). */
  published: string[];
  reason: string;
}

/** Fills a new encoder's collections before it takes over (the catalog, re-embedded). */
export type EncoderPreparation = (handle: EncoderHandle) => Promise<void>;

/**
 * Loads the text encoder and the heads, trains what is missing in a worker (the service
 * serves meanwhile: Embed and SemanticSearch as soon as the encoder is there, everything once
 * the heads are), and swaps in head versions published later without a restart.
 */
export class TextModelManager implements TextModels {
  private readonly served = new ServedModels();
  private status = 'the text models are loading';
  private retraining: Promise<unknown> = Promise.resolve();
  private failure: unknown;
  private job: TrainingJob | undefined;
  private background: Promise<void> | undefined;
  private watches: ModelWatch[] = [];
  private stopped = false;
  private prepareEncoder: EncoderPreparation | undefined;
  /** Fingerprint of the encoder being swapped in: its heads are installed with it, not by the watch. */
  private incoming: string | undefined;
  private readonly retired: RetiredEncoders;
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
    this.retired = new RetiredEncoders(deps.logger);
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
    this.prepareEncoder = prepare;
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
    const run = this.retraining.then(() => this.retrainNow(model, reason));
    this.retraining = run.catch(() => undefined);
    return run;
  }

  private async retrainNow(model: string, reason: string): Promise<RetrainOutcome> {
    const { runs, trainer, repository, logger } = this.deps;
    const target = MODEL_NAMES[model];
    if (!target) return { published: [], reason: `${model} is not one of the embedder's models` };
    const loaded = this.served.encoder;
    if (!loaded || !this.isReady()) return { published: [], reason: 'the models are not loaded yet' };
    const shop = await runs.shopCorpus();
    if (!shop.enough) {
      this.served.coldReason = `not enough shop data yet (${shop.shortfall})`;
      logger.warn({ model, reason, counts: shop.counts }, `not retrained: ${this.served.coldReason}`);
      return { published: [], reason: this.served.coldReason };
    }
    const champions = this.served.champions();
    this.job = trainer.start({
      corpus: shop.corpus,
      encoder: target === 'encoder' ? { train: true } : { directory: loaded.location.directory },
      ...(target === 'encoder' ? {} : { champions }),
    });
    const result = await this.job.result;
    this.job = undefined;
    if (target === 'encoder') return this.publishEncoder(result, reason);
    const decision = runs.promotes(result[target]);
    if (!decision.promote) {
      logger.warn({ model: target, reason }, `retrained ${target} head not published: ${decision.reason}`);
      return { published: [], reason: decision.reason };
    }
    const version = await runs.publishHead(target, result, loaded.location);
    this.served.setHead(target, await repository.loadHead(target, version));
    this.served.coldReason = '';
    logger.info(
      { version: `${version.name}@${version.version}`, reason },
      `${target} head retrained: ${decision.reason}`,
    );
    return { published: [`${version.name}@${version.version}`], reason: decision.reason };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches) watch.stop();
    await this.job?.cancel();
    await this.background;
    await this.retired.closeAll();
    const loaded = this.served.encoder;
    if (loaded) await closeEncoder(loaded);
  }

  /** Publishes a retrained encoder and its heads; swaps them in when a preparation is set. */
  private async publishEncoder(result: BootstrapResult, reason: string): Promise<RetrainOutcome> {
    const { runs, logger } = this.deps;
    const location = await runs.publishEncoder(result);
    const prepare = this.prepareEncoder;
    if (prepare) this.incoming = location.fingerprint;
    try {
      const heads = await Promise.all(TASKS.map((task) => runs.publishHead(task, result, location)));
      const published = [location.label, ...heads.map((v) => `${v.name}@${v.version}`)];
      if (!prepare) {
        logger.info({ published, reason }, 'new encoder and heads published; the service uses them after a restart');
        return { published, reason: 'a new encoder is used after a restart' };
      }
      await this.swapEncoder(location, heads, prepare);
      logger.info({ published, reason }, 'new encoder and heads in service');
      return { published, reason: 'a new encoder and heads are in service' };
    } finally {
      this.incoming = undefined;
    }
  }

  /** Loads the new encoder and its heads beside the ones in service, prepares it, then switches. */
  private async swapEncoder(
    location: EncoderLocation,
    headVersions: readonly ModelVersion[],
    prepare: EncoderPreparation,
  ): Promise<void> {
    const next = await openEncoder(location, this.deps.settings, this.deps.logger);
    try {
      const heads: StoredHead[] = await Promise.all(
        headVersions.map((version, i) => this.deps.repository.loadHead(TASKS[i] as HeadTask, version)),
      );
      assertHeadsFit(heads, next);
      await prepare(next.handle);
      const previous = this.served.switchEncoder(next, heads);
      if (previous) this.retired.retire(previous);
    } catch (error) {
      await closeEncoder(next);
      throw error;
    }
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
    if (this.incoming !== undefined && version.metadata['encoderFingerprint'] === this.incoming) return;
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
