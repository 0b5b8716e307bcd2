import type { ModelVersion } from '@demand/model-store';
import type { Logger } from '@demand/telemetry';
import type { EncoderLocation, ModelRepository } from '../adapters/model-repository.adapter.js';
import type { HeadTask } from '../domain/head-artifact.js';
import type { ModelAnnouncements } from '../ports/model-announcements.port.js';
import type { CorpusCounts, TrainingCorpusSource } from '../ports/training-corpus.port.js';
import type { BootstrapResult, TrainedHeadArtifact, TrainingProvenance } from '../training/bootstrap-models.js';
import type { TrainingCorpus } from '../training/corpus.js';

export interface TrainingSettings {
  windowDays: number;
  /** Enough of the shop's own data to train on it rather than on a seed. */
  minimum: CorpusCounts;
  seedCorpusFile: string | undefined;
  promotionTolerance: number;
}

export interface ShopCorpusCheck {
  corpus: TrainingCorpus;
  counts: CorpusCounts;
  enough: boolean;
  /** What is missing, e.g. "12/50 items, 3/200 reviews"; empty when enough. */
  shortfall: string;
}

/** Names a request may use for each of the embedder's models. */
export const MODEL_NAMES: Record<string, 'encoder' | HeadTask> = {
  encoder: 'encoder',
  'text-encoder': 'encoder',
  sentiment: 'sentiment',
  'sentiment-head': 'sentiment',
  intent: 'intent',
  'intent-head': 'intent',
};

/** Reads corpora, and publishes and announces what training produced. */
export class TrainingRuns {
  constructor(
    private readonly deps: {
      repository: ModelRepository;
      corpus: TrainingCorpusSource;
      seedCorpus: () => Promise<TrainingCorpus>;
      announcements: ModelAnnouncements | undefined;
      settings: TrainingSettings;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  /** The shop's latest window and whether it is enough to train on. */
  async shopCorpus(): Promise<ShopCorpusCheck> {
    const now = (this.deps.clock ?? (() => new Date()))();
    const corpus = await this.deps.corpus.read({ days: this.deps.settings.windowDays, now });
    const counts: CorpusCounts = {
      items: corpus.items.length,
      reviews: corpus.reviews.length,
      labelledTurns: corpus.dialogTurns.filter((turn) => turn.intent !== undefined).length,
    };
    const { minimum } = this.deps.settings;
    const short = (Object.keys(minimum) as (keyof CorpusCounts)[]).filter((key) => counts[key] < minimum[key]);
    const shortfall = short.map((key) => `${counts[key]}/${minimum[key]} ${LABELS[key]}`).join(', ');
    return { corpus, counts, enough: short.length === 0, shortfall };
  }

  /** The shop's corpus when it is enough, else the seed (and why). */
  async firstCorpus(): Promise<{ corpus: TrainingCorpus; why: string }> {
    const shop = await this.shopCorpus();
    if (shop.enough) return { corpus: shop.corpus, why: 'the shop has sent enough data' };
    const seed = await this.deps.seedCorpus();
    return { corpus: seed, why: `not enough shop data yet (${shop.shortfall})` };
  }

  async publishEncoder(result: BootstrapResult): Promise<EncoderLocation> {
    if (!result.encoder) throw new Error('training returned no encoder');
    const location = await this.deps.repository.publishEncoder(result.encoder, {
      ...provenanceMetadata(result.provenance),
      trainedAt: new Date().toISOString(),
      timingsMs: result.timingsMs,
    });
    await this.announce('encoder', location.label, result.provenance, {
      ...Object.fromEntries(
        Object.entries(result.provenance.unknownTokenShare).map(([kind, share]) => [
          `unknown_token_share_${kind}`,
          share,
        ]),
      ),
      sentiment_macro_f1: result.sentiment.report.test.macroF1,
      intent_macro_f1: result.intent.report.test.macroF1,
    });
    return location;
  }

  async publishHead(task: HeadTask, result: BootstrapResult, encoder: EncoderLocation): Promise<ModelVersion> {
    const head = result[task];
    const version = await this.deps.repository.publishHead(task, head.artifact, {
      ...provenanceMetadata(result.provenance),
      encoderFingerprint: encoder.fingerprint,
      encoder: encoder.label,
      report: head.report,
      ...(head.champion ? { champion: head.champion } : {}),
      trainedAt: new Date().toISOString(),
    });
    await this.announce(task, `${version.name}@${version.version}`, result.provenance, headMetrics(head));
    return version;
  }

  /** Whether a retrained head may replace the champion: not worse on the same holdout beyond the tolerance. */
  promotes(head: TrainedHeadArtifact): { promote: boolean; reason: string } {
    const challenger = head.report.test.macroF1;
    if (!head.champion) return { promote: true, reason: 'no champion to beat' };
    const floor = head.champion.macroF1 - this.deps.settings.promotionTolerance;
    const figures = `holdout macro-F1 ${challenger.toFixed(3)} vs champion ${head.champion.version} ${head.champion.macroF1.toFixed(3)}`;
    return challenger >= floor
      ? { promote: true, reason: `${figures}: not worse beyond ${this.deps.settings.promotionTolerance}` }
      : { promote: false, reason: `${figures}: worse beyond ${this.deps.settings.promotionTolerance}; champion kept` };
  }

  private async announce(
    model: string,
    version: string,
    provenance: TrainingProvenance,
    metrics: Record<string, number>,
  ): Promise<void> {
    await this.deps.announcements?.announce({
      model,
      version,
      metrics: Object.fromEntries(Object.entries(metrics).filter(([, value]) => Number.isFinite(value))),
      dataWindowStart: provenance.window.start,
      dataWindowEnd: provenance.window.end,
      trainingSetHash: provenance.trainingSetHash,
    });
  }
}

const LABELS: Record<keyof CorpusCounts, string> = {
  items: 'items',
  reviews: 'reviews',
  labelledTurns: 'labelled customer turns',
};

function provenanceMetadata(provenance: TrainingProvenance): Record<string, unknown> {
  return {
    source: provenance.source,
    dataWindow: provenance.window,
    trainingSetHash: provenance.trainingSetHash,
    counts: provenance.counts,
    unknownTokenShare: provenance.unknownTokenShare,
  };
}

function headMetrics(head: TrainedHeadArtifact): Record<string, number> {
  return {
    accuracy: head.report.test.accuracy,
    macro_f1: head.report.test.macroF1,
    log_loss: head.report.test.logLoss,
    ece: head.report.test.expectedCalibrationError,
    holdout_examples: head.report.split.test,
    ...(head.champion ? { champion_accuracy: head.champion.accuracy, champion_macro_f1: head.champion.macroF1 } : {}),
  };
}
