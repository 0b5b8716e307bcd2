import type { ModelVersion } from '@demand/model-store';
import type { Logger } from '@demand/telemetry';
import type { EncoderLocation, ModelRepository } from '../adapters/model-repository.adapter.js';
import type { HeadTask } from '../domain/head-artifact.js';
import { type ModelTrainer, TrainingCancelled, type TrainingJob } from '../ports/model-trainer.port.js';
import type { EncoderHandle } from '../ports/text-models.port.js';
import type { BootstrapResult } from '../training/bootstrap-models.js';
import { closeEncoder, type EncoderRuntimeSettings, openEncoder, RetiredEncoders } from './loaded-encoder.js';
import { assertHeadsFit, type ServedModels, TASKS, type StoredHead } from './served-models.js';
import { MODEL_NAMES, type TrainingRuns } from './training-runs.js';

export interface RetrainOutcome {
  /** Versions published to the model store (none when refused or not better). */
  published: string[];
  reason: string;
}

/** Fills a new encoder's collections before it takes over (the catalog, re-embedded). */
export type EncoderPreparation = (handle: EncoderHandle) => Promise<void>;

/**
 * training.requested.v1's work on the models in service: retrains one model on the shop's latest window, one
 * request at a time, publishes what wins and installs it (a head at once; an encoder with its heads when a
 * preparation is set, else at the next start).
 */
export class Retraining {
  private queue: Promise<unknown> = Promise.resolve();
  private job: TrainingJob | undefined;
  private stopped = false;
  private prepareEncoder: EncoderPreparation | undefined;
  /** Fingerprint of the encoder being swapped in: its heads are installed with it, not by the head watch. */
  private incoming: string | undefined;
  private readonly retired: RetiredEncoders;

  constructor(
    private readonly served: ServedModels,
    private readonly deps: {
      repository: ModelRepository;
      trainer: ModelTrainer;
      runs: TrainingRuns;
      settings: EncoderRuntimeSettings;
      logger: Logger;
    },
  ) {
    this.retired = new RetiredEncoders(deps.logger);
  }

  swapEncodersAfter(prepare: EncoderPreparation): void {
    this.prepareEncoder = prepare;
  }

  /** Whether `fingerprint` is the encoder being swapped in (whose heads come with it). */
  isIncoming(fingerprint: unknown): boolean {
    return this.incoming !== undefined && fingerprint === this.incoming;
  }

  retrain(model: string, reason: string): Promise<RetrainOutcome> {
    const run = this.queue.then(() => this.retrainNow(model, reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Cancels the training under way, waits for a swap past training (which then closes its new encoder
   * instead of switching to it) and closes the encoders retired by swaps.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.job?.cancel();
    await this.queue;
    await this.retired.closeAll();
  }

  private async retrainNow(model: string, reason: string): Promise<RetrainOutcome> {
    const { runs, trainer, repository, logger } = this.deps;
    const target = MODEL_NAMES[model];
    if (!target) return { published: [], reason: `${model} is not one of the embedder's models` };
    const loaded = this.served.encoder;
    if (!loaded || !this.served.isReady()) return { published: [], reason: 'the models are not loaded yet' };
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
      if (this.stopped) throw new TrainingCancelled();
      const previous = this.served.switchEncoder(next, heads);
      if (previous) this.retired.retire(previous);
    } catch (error) {
      await closeEncoder(next);
      throw error;
    }
  }
}
