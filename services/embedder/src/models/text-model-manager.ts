import type { ModelVersion, ModelWatch } from '@demand/model-store';
import type { Logger } from '@demand/telemetry';
import { directoryEncoder, type EncoderLocation, type ModelRepository } from '../adapters/model-repository.adapter.js';
import { EmbedderError } from '../domain/embedder-error.js';
import type { HeadTask } from '../domain/head-artifact.js';
import { headProblems, type TextHead, type TextHeads } from '../domain/text-heads.js';
import { withDynamicBatching, type BatchedSentenceEncoder, type BatchingOptions } from '../encoder/batched-encoder.js';
import { OnnxTextEncoder } from '../encoder/onnx-encoder.adapter.js';
import { TrainingCancelled, type ModelTrainer, type TrainingJob } from '../ports/model-trainer.port.js';
import type { EncoderHandle, TextModels } from '../ports/text-models.port.js';
import type { ShopCorpusOptions } from '../training/shop-corpus.js';

export interface ModelSettings {
  /** An operator's encoder directory; without it the store's newest encoder (trained when none). */
  modelDir: string | undefined;
  executionProviders: readonly string[];
  intraOpNumThreads: number | undefined;
  batching: BatchingOptions;
  /** The bootstrap corpus the default models are trained on. */
  corpus: ShopCorpusOptions;
  headReloadMs: number;
}

const TASKS: readonly HeadTask[] = ['sentiment', 'intent'];

interface LoadedEncoder {
  location: EncoderLocation;
  onnx: OnnxTextEncoder;
  batched: BatchedSentenceEncoder;
  handle: EncoderHandle;
}

/**
 * Loads the text encoder and the heads, trains what is missing in a worker (the service
 * serves meanwhile: Embed and SemanticSearch as soon as the encoder is there, everything once
 * the heads are), and swaps in head versions published later without a restart.
 */
export class TextModelManager implements TextModels {
  private loaded: LoadedEncoder | undefined;
  private readonly current: Partial<Record<HeadTask, TextHead>> = {};
  private status = 'the text models are loading';
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
      settings: ModelSettings;
      logger: Logger;
    },
  ) {
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
        const head = await repository.headFor(task, location.fingerprint);
        if (head) this.setHead(task, head);
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
    return this.loaded !== undefined && TASKS.every((task) => this.current[task] !== undefined);
  }

  encoder(): EncoderHandle {
    if (!this.loaded) throw this.unavailable();
    return this.loaded.handle;
  }

  heads(): TextHeads {
    const { sentiment, intent } = this.current;
    if (!sentiment || !intent) throw this.unavailable();
    return { sentiment, intent };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches) watch.stop();
    await this.job?.cancel();
    await this.background;
    if (this.loaded) {
      await this.loaded.batched.close();
      await this.loaded.onnx.close();
    }
  }

  private async trainMissing(existing: EncoderLocation | undefined): Promise<void> {
    const { trainer, repository, settings, logger } = this.deps;
    this.status = existing
      ? 'the sentiment and intent heads for this encoder are being trained'
      : 'the default text encoder and heads are being trained';
    logger.info(
      { corpus: settings.corpus, encoder: existing?.label ?? 'to be trained' },
      `no ready models: ${this.status}`,
    );
    try {
      const started = Date.now();
      this.job = trainer.start({
        corpus: settings.corpus,
        encoder: existing ? { directory: existing.directory } : { train: true },
      });
      const result = await this.job.result;
      this.job = undefined;
      if (this.stopped) return;
      let location = existing;
      if (!location) {
        if (!result.encoder) throw new Error('training returned no encoder');
        location = await repository.publishEncoder(result.encoder, {
          corpus: result.corpus,
          trainedAt: new Date().toISOString(),
          timingsMs: result.timingsMs,
        });
        await this.loadEncoder(location);
      }
      for (const task of TASKS) {
        const { artifact, report } = result[task];
        const version = await repository.publishHead(task, artifact, {
          encoderFingerprint: location.fingerprint,
          encoder: location.label,
          corpus: result.corpus,
          report,
          trainedAt: new Date().toISOString(),
        });
        this.setHead(task, await repository.loadHead(task, version));
      }
      logger.info(
        { ms: Date.now() - started, sentiment: result.sentiment.report.test, intent: result.intent.report.test },
        'text models trained and published',
      );
      this.settle.resolve();
    } catch (error) {
      if (error instanceof TrainingCancelled || this.stopped) return;
      this.failure = error;
      this.status = `the text models failed to load: ${Error.isError(error) ? error.message : String(error)}`;
      logger.error({ err: error }, 'training the text models failed; the service stays unready');
      this.settle.reject(error);
    }
  }

  private async loadEncoder(location: EncoderLocation): Promise<void> {
    const { settings, logger } = this.deps;
    const onnx = await OnnxTextEncoder.load(location.directory, {
      logger,
      executionProviders: settings.executionProviders,
      nativeLogLevel: 'fatal',
      ...(settings.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: settings.intraOpNumThreads }),
    });
    const batched = withDynamicBatching(onnx, settings.batching);
    const handle: EncoderHandle = {
      encoder: batched,
      version: location.label,
      tag: location.fingerprint.slice(0, 8),
      dimensions: onnx.dimensions,
    };
    this.loaded = { location, onnx, batched, handle };
    logger.info(
      { encoder: location.label, providers: onnx.providers, dimensions: onnx.dimensions },
      'text encoder in service',
    );
  }

  private setHead(task: HeadTask, head: TextHead): void {
    const problems = this.loaded ? headProblems(head, this.loaded.handle.dimensions) : [];
    if (problems.length > 0)
      throw new EmbedderError(
        'FAILED_PRECONDITION',
        `${head.version} does not fit the encoder: ${problems.join('; ')}`,
      );
    this.current[task] = head;
  }

  private async onPublished(task: HeadTask, version: ModelVersion): Promise<void> {
    const label = `${version.name}@${version.version}`;
    const fingerprint = this.loaded?.location.fingerprint;
    if (this.current[task]?.version === label) return;
    if (version.metadata['encoderFingerprint'] !== fingerprint) {
      this.deps.logger.warn(
        { version: label, encoder: this.loaded?.location.label },
        'a head for another encoder was published; keeping the current one',
      );
      return;
    }
    this.setHead(task, await this.deps.repository.loadHead(task, version));
    this.deps.logger.info({ version: label }, `${task} head reloaded`);
    if (this.isReady()) this.settle.resolve();
  }

  private unavailable(): EmbedderError {
    return new EmbedderError('UNAVAILABLE', this.failure === undefined ? `${this.status}; retry shortly` : this.status);
  }
}
