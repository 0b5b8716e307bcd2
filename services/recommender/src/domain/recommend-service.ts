import {
  type RecommendFilters,
  type RecommendedItem,
  type RecommendRequest,
  RecommendResponse,
  type SimilarItemsRequest,
  type SimilarItemsResponse,
} from '@demand/contracts';
import { type Filters, type HybridRecommender, invalidFilterField } from '@demand/recommend';
import {
  InlineListEngine,
  type ListEngine,
  type ListTally,
  type TrainedServingModel,
  type Variant,
} from '../ports/list-engine.port.js';
import type { ServedLists } from '../ports/served-lists.port.js';
import { type Arm, armOf, shareOf } from './arms.js';
import type { ColdList } from './cold-list.js';
import { type AnswerEnvelope, encodeAnswer, type ListedItems, listedItems, toItem } from './encoded-answer.js';
import { foldInItems, liveBehaviour } from './live-behaviour.js';
import type { RecentHistory } from './recent-history.js';
import { invalid, RecommendError } from './recommend.error.js';
import type { TrainMetrics } from './train-model.js';

export const MAX_COUNT = 100;
const MAX_RECENT = 50;

/**
 * What serves: the trained pipeline in two arms' variants, or the cold list while the shop's
 * history is too short to train on; with the versions of the models behind it.
 */
export type ServingModel =
  | { kind: 'trained'; learned: HybridRecommender; fusion: HybridRecommender; versions: Record<string, string> }
  | { kind: 'cold'; cold: ColdList; versions: Record<string, string> };

/** A model with the offline figures of the run that trained it. */
export interface TrainedModel {
  model: ServingModel;
  metrics: TrainMetrics;
}

export interface RecommendServiceOptions {
  arms: readonly Arm[];
  armSalt: string;
  newId: () => string;
  clock: () => Date;
  /** Share of users (0..1, by hash) a challenger serves while one is set; 0 or absent = none. */
  challengerShare?: number;
  /** Where trained models compute lists; on the serving thread when absent. */
  lists?: ListEngine;
  /** Users' behaviour since the model's training data (events.clean.v1); none when absent. */
  history?: Pick<RecentHistory, 'of'>;
}

/** A served list's record: the request's side, the answer's envelope and its items. */
interface ServedAnswer {
  request: Pick<RecommendRequest, 'userId' | 'page' | 'currentItemId'>;
  method: 'recommend' | 'similar_items';
  envelope: AnswerEnvelope;
  listed: ListedItems & { coldStart: boolean };
}

/** Recommend and SimilarItems: validate, pick the arm, ask the model, publish what was served. */
export class RecommendService {
  private challenger: ServingModel | undefined;
  private readonly lists: ListEngine;
  /**
   * Each serving model's versions as its answers carry them (a trained model's per arm variant, and its
   * own for SimilarItems), built when it starts serving: every answer and every served list waiting for
   * its batch refers to the same frozen object instead of holding a copy.
   */
  private answerVersions = new Map<ServingModel, AnswerVersions>();

  constructor(
    private model: ServingModel,
    private readonly served: ServedLists,
    private readonly options: RecommendServiceOptions,
  ) {
    this.lists = options.lists ?? new InlineListEngine();
    this.servingChanged();
  }

  /** Builds the answers' versions of the trained models serving now and tells the list engine which they are. */
  private servingChanged(): void {
    const serving = this.challenger ? [this.model, this.challenger] : [this.model];
    this.answerVersions = new Map(serving.map((m) => [m, answerVersions(m)]));
    this.lists.serve(serving.filter((m) => m.kind === 'trained'));
  }

  /** Swaps in a retrained model (hot reload); requests in flight finish on the old one. */
  replaceModel(model: ServingModel): void {
    this.model = model;
    this.servingChanged();
  }

  /** Scores again, off the request path, up to `budget` users' stored lists of each serving model and arm. */
  refreshLists(budget: number): void {
    this.lists.refreshLists(this.options.clock().getTime(), budget);
  }

  /** What the stored lists did so far: requests served from them, scored in full, lists refreshed. */
  listTally(): ListTally {
    return this.lists.tally();
  }

  /** The model serving now (the champion, when a challenger is set). */
  get current(): ServingModel {
    return this.model;
  }

  /** Whether the serving model (and challenger) have reached every place lists are computed. */
  get listsReady(): boolean {
    return [this.model, this.challenger].every((m) => m?.kind !== 'trained' || this.lists.ready(m));
  }

  /** The challenger serving `challengerShare` of users beside the champion, until it is judged. */
  get currentChallenger(): ServingModel | undefined {
    return this.challenger;
  }

  setChallenger(model: ServingModel): void {
    this.challenger = model;
    this.servingChanged();
  }

  /** The feedback gate's decision on the challenger of this ranker version; false when it is not the one serving. */
  judgeChallenger(rankerVersion: string, decision: 'promote' | 'rollback'): boolean {
    if (this.challenger?.versions.ranker !== rankerVersion) return false;
    if (decision === 'promote') this.model = this.challenger;
    this.challenger = undefined;
    this.servingChanged();
    return true;
  }

  private modelFor(userId: string): ServingModel {
    const share = this.options.challengerShare ?? 0;
    if (!this.challenger || share <= 0) return this.model;
    return shareOf(`${this.options.armSalt}:challenger:${userId}`) < share ? this.challenger : this.model;
  }

  /** The answer as a message (decoded from its wire bytes): for callers in this process. */
  async recommend(req: RecommendRequest): Promise<RecommendResponse> {
    return RecommendResponse.decode(await this.answer(req));
  }

  /** The answer's wire bytes, encoded once where the list was computed, for the transport to send as they are. */
  async answer(req: RecommendRequest): Promise<Uint8Array> {
    if (!req.userId) throw invalid('user_id', 'required');
    checkCount(req.count);
    const filters = toFilters(req.filters);
    if (req.recentItemIds.length > MAX_RECENT) throw invalid('recent_item_ids', `at most ${MAX_RECENT}`);
    const model = this.modelFor(req.userId);
    if (model.kind === 'cold') return this.answerCold(req, model, filters);
    const data = model.learned.data;
    let currentItem = -1;
    if (req.currentItemId) {
      currentItem = data.itemIndex.get(req.currentItemId) ?? -1;
      if (currentItem < 0) throw new RecommendError('NOT_FOUND', `current_item_id: no item "${req.currentItemId}"`);
    }
    // Items of the session that the model has not seen yet (added since training) cannot anchor a fold-in.
    const sessionItems = req.recentItemIds.map((id) => data.itemIndex.get(id) ?? -1).filter((i) => i >= 0);
    const arm = armOf(this.options.arms, req.userId, this.options.armSalt);
    const variant = arm.variant === 'fusion' ? 'fusion' : 'learned';
    const recent = this.options.history?.of(req.userId);
    const live = recent && liveBehaviour(recent, data.itemIndex);
    const context = {
      user: data.userIndex.get(req.userId) ?? -1,
      now: this.options.clock().getTime(),
      currentItem,
      ...(live ? { live } : {}),
    };
    const envelope = {
      recommendationId: this.options.newId(),
      arm: arm.name,
      modelVersions: this.answerVersions.get(model)![variant],
    };
    const list = {
      context:
        context.user < 0
          ? { ...context, recentItems: foldInItems(live?.items ?? [], sessionItems, MAX_RECENT) }
          : context,
      count: req.count,
      filters,
    };
    const answer = await this.lists.answer(model, variant, list, envelope);
    this.publish({ request: req, method: 'recommend', envelope, listed: answer });
    return answer.bytes;
  }

  async similarItems(req: SimilarItemsRequest): Promise<SimilarItemsResponse> {
    if (!req.itemId) throw invalid('item_id', 'required');
    checkCount(req.count);
    const filters = toFilters(req.filters);
    const { model } = this;
    if (model.kind === 'cold') {
      if (!model.cold.has(req.itemId)) throw new RecommendError('NOT_FOUND', `item_id: no item "${req.itemId}"`);
      const items = model.cold.similar(req.itemId, req.count, filters).map((r) => toItem(r, model.cold.items));
      return this.similarAnswer(req.itemId, items, model, true);
    }
    const { learned } = model;
    const item = learned.data.itemIndex.get(req.itemId);
    if (item === undefined) throw new RecommendError('NOT_FOUND', `item_id: no item "${req.itemId}"`);
    const items = learned.similarItems(item, req.count, filters).map((r) => toItem(r, learned.data.items));
    return this.similarAnswer(req.itemId, items, model, false);
  }

  /** A SimilarItems answer, its list logged like Recommend's (no user, no arm). */
  private similarAnswer(
    itemId: string,
    items: RecommendedItem[],
    model: ServingModel,
    coldStart: boolean,
  ): SimilarItemsResponse {
    const response = { recommendationId: this.options.newId(), items, modelVersions: this.ownVersions(model) };
    const { recommendationId, modelVersions } = response;
    this.publish({
      request: { userId: '', page: 'detail', currentItemId: itemId },
      method: 'similar_items',
      envelope: { recommendationId, arm: '', modelVersions },
      listed: { ...listedItems(items), coldStart },
    });
    return response;
  }

  /** A serving model's own versions, as SimilarItems and the cold list's answers carry them. */
  private ownVersions(model: ServingModel): Readonly<Record<string, string>> {
    return this.answerVersions.get(model)!.own;
  }

  /** Before a model is trained every list is the cold list, in every arm. */
  private async answerCold(
    req: RecommendRequest,
    model: Extract<ServingModel, { kind: 'cold' }>,
    filters: Filters,
  ): Promise<Uint8Array> {
    if (req.currentItemId && !model.cold.has(req.currentItemId))
      throw new RecommendError('NOT_FOUND', `current_item_id: no item "${req.currentItemId}"`);
    const bought = this.options.history?.of(req.userId)?.purchases.map((e) => e.item) ?? [];
    const seen = new Set([req.currentItemId, ...req.recentItemIds, ...bought]);
    const arm = armOf(this.options.arms, req.userId, this.options.armSalt);
    const envelope = { recommendationId: this.options.newId(), arm: arm.name, modelVersions: this.ownVersions(model) };
    const answer = encodeAnswer(
      { items: model.cold.top(req.count, filters, seen), coldStart: true },
      model.cold.items,
      envelope,
    );
    this.publish({ request: req, method: 'recommend', envelope, listed: answer });
    return answer.bytes;
  }

  /** Logs a served list on recs.served.v1 (queued there and sent in batches, off the call's path). */
  private publish({ request, method, envelope, listed }: ServedAnswer): void {
    this.served.publish({
      recommendationId: envelope.recommendationId,
      userId: request.userId,
      method,
      page: request.page,
      currentItemId: request.currentItemId,
      itemIds: listed.itemIds,
      scores: listed.scores,
      coldStart: listed.coldStart,
      arm: envelope.arm,
      modelVersions: envelope.modelVersions,
      servedAt: this.options.clock(),
    });
  }
}

/** The versions a serving model's answers carry: its own, and each arm variant's (a trained model's, its ranker's). */
type AnswerVersions = Record<Variant | 'own', Readonly<Record<string, string>>>;

function answerVersions(model: ServingModel): AnswerVersions {
  const own = Object.freeze({ ...model.versions });
  if (model.kind === 'cold') return { own, learned: own, fusion: own };
  return { own, learned: variantVersions(model, 'learned'), fusion: variantVersions(model, 'fusion') };
}

/** A trained model's versions as an arm variant's answers carry them (its ranker's); frozen, shared by them all. */
function variantVersions(model: TrainedServingModel, variant: Variant): Readonly<Record<string, string>> {
  return Object.freeze({ ...model.versions, ranker: `${model[variant].ranker.name}@${model.versions.data ?? ''}` });
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw invalid('count', `must be 1..${MAX_COUNT}`);
}

function toFilters(f: RecommendFilters | undefined): Filters {
  if (!f) return {};
  const filters: Filters = {
    ...(f.categories.length ? { categories: f.categories } : {}),
    ...(f.brands.length ? { brands: f.brands } : {}),
    ...(f.excludeBrands.length ? { excludeBrands: f.excludeBrands } : {}),
    ...(f.minPrice !== undefined ? { minPrice: f.minPrice } : {}),
    ...(f.maxPrice !== undefined ? { maxPrice: f.maxPrice } : {}),
  };
  const bad = invalidFilterField(filters);
  if (bad) throw invalid(bad, 'prices must be ≥ 0 with min ≤ max; categories non-empty');
  return filters;
}
