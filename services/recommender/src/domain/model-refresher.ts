import type { Logger } from '@demand/telemetry';
import type { ModelRegistry } from '../ports/model-registry.port.js';
import type { ModelTrainer } from '../ports/model-trainer.port.js';
import type { TrainingDataSource } from '../ports/training-data.port.js';
import type { RecommendService, ServingModel, TrainedModel } from './recommend-service.js';
import { coldModel, type TrainMetrics } from './train-model.js';

/** The name the recommender's versions are published under and training requests address. */
export const RECOMMENDER_MODEL = 'recommender';

export interface RefreshSettings {
  /** Fewer interactions than this in the window: serve the cold list instead of training. */
  minInteractions: number;
  /** Retrain this often (ms); 0 = only at start. */
  retrainMs: number;
  /**
   * Above 0, a model trained while a trained one serves becomes the challenger (serving this share
   * of users) until the feedback gate promotes or rolls it back; 0 swaps it in for everyone.
   */
  challengerShare?: number;
}

/** What serves now, for logs and tests. */
export interface ModelStatus {
  version: number;
  kind: 'cold' | 'trained';
  versions: Record<string, string>;
  metrics: TrainedModel['metrics'];
  trainedAt: Date;
}

/**
 * Keeps the served model fresh: loads the shop's history, trains (off the serving thread) or
 * builds the cold list when the history is short, and swaps the result into the service in one
 * assignment, so every request runs on one whole model, old or new. Runs at start and every
 * `retrainMs`; runs never overlap (asked for while one runs, one more run follows it).
 * A failed run is logged and the model serving keeps serving.
 */
export class ModelRefresher {
  private version = 0;
  private running: Promise<ModelStatus | undefined> | undefined;
  private queued: Promise<ModelStatus | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: ModelStatus | undefined;
  private stopping = false;
  private readonly servingListeners: ((cutoff: number) => void)[] = [];

  constructor(
    private readonly source: TrainingDataSource,
    private readonly trainer: ModelTrainer,
    private readonly service: RecommendService,
    private readonly settings: RefreshSettings,
    private readonly logger: Logger,
    private readonly registry?: ModelRegistry,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Calls `listener` with the training cutoff (epoch ms: the data's end) of each model swapped in. */
  onServing(listener: (cutoff: number) => void): void {
    this.servingListeners.push(listener);
  }

  get status(): ModelStatus | undefined {
    return this.last;
  }

  /** For /readyz: whether a model trained on enough of the shop's data serves, or the cold list. */
  readinessDetail(): { serving: 'nothing yet' | 'cold list' | 'trained model'; version?: string; detail: string } {
    const last = this.last;
    if (!last) return { serving: 'nothing yet', detail: 'first training run in progress; the empty cold list serves' };
    if (last.kind === 'cold')
      return {
        serving: 'cold list',
        version: last.versions.model ?? '',
        detail: `no model trained yet: ${last.metrics.interactions} interactions, ${this.settings.minInteractions} needed`,
      };
    return { serving: 'trained model', version: last.versions.model ?? '', detail: last.versions.data ?? '' };
  }

  /** The first run (not awaited: the service serves the empty cold list meanwhile), then the schedule. */
  start(): void {
    void this.refresh('start');
    if (this.settings.retrainMs > 0) {
      this.timer = setInterval(() => void this.refresh('schedule'), this.settings.retrainMs);
      this.timer.unref();
    }
  }

  /** Stops the schedule and ends a training run in progress (its model is not swapped in). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.trainer.close();
    await this.running;
    await this.queued;
  }

  /** One run (`reason` is logged: start, schedule, a training request's); resolves with the model it swapped in, or undefined when it failed. */
  refresh(reason = 'requested'): Promise<ModelStatus | undefined> {
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.refresh(reason);
      });
      return this.queued;
    }
    this.running = this.run(reason).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Records the trained version in the model store; a failure is logged, the model serves anyway. */
  private async publish(model: Extract<ServingModel, { kind: 'trained' }>, metrics: TrainMetrics): Promise<void> {
    if (!this.registry) return;
    try {
      const stored = await this.registry.publish({
        model: model.versions.model ?? '',
        versions: model.versions,
        metrics,
        rankers: { ranker: model.learned.ranker.toJSON(), cold_ranker: model.learned.coldRanker.toJSON() },
      });
      this.logger.info(
        { model: model.versions.model, storeVersion: stored },
        'model version published to the model store',
      );
    } catch (err) {
      this.logger.warn({ err, model: model.versions.model }, 'model version not published to the model store');
    }
  }

  private async run(reason: string): Promise<ModelStatus | undefined> {
    const started = Date.now();
    if (this.stopping) return undefined;
    try {
      const data = await this.source.load();
      if (this.stopping) return undefined;
      const trained =
        data.interactions.length < this.settings.minInteractions || data.items.length === 0
          ? coldModel(data)
          : await this.trainer.train(data);
      if (this.stopping) return undefined;
      const version = ++this.version;
      const { model, metrics } = trained;
      model.versions = { ...model.versions, model: `v${version}` };
      const share = this.settings.challengerShare ?? 0;
      const asChallenger = share > 0 && model.kind === 'trained' && this.service.current.kind === 'trained';
      if (asChallenger) this.service.setChallenger(model);
      else this.service.replaceModel(model);
      for (const listener of this.servingListeners) listener(data.now);
      this.last = { version, kind: model.kind, versions: model.versions, metrics, trainedAt: this.clock() };
      const log = { version, reason, kind: model.kind, versions: model.versions, metrics, ms: Date.now() - started };
      if (model.kind === 'cold')
        this.logger.info(
          { ...log, minInteractions: this.settings.minInteractions },
          'serving the cold list (popular, then new arrivals): too little history to train on yet',
        );
      else {
        this.logger.info(
          { ...log, ...(asChallenger ? { challengerShare: share } : {}) },
          asChallenger
            ? 'recommendation model trained; serving as challenger'
            : 'recommendation model trained and swapped in',
        );
        if (model.kind === 'trained') await this.publish(model, metrics);
      }
      return this.last;
    } catch (err) {
      if (this.stopping) return undefined;
      this.logger.error({ err, ms: Date.now() - started }, 'model refresh failed; the model serving now keeps serving');
      return undefined;
    }
  }
}
