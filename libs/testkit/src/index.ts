export { createShop } from './shop.js';
export type { Shop, ShopOptions, ShopTruth } from './shop.js';
export { EventRun } from './stream/event-run.js';
export { viewEvent } from './events/view-event.js';
export { eventually } from './polling/eventually.js';
export type { GenerateOptions } from './stream/event-run.js';
export type { EventKind } from './stream/planned-event.js';
export type { CatalogItem, ItemTruth } from './catalog/catalog-types.js';
export type { ShopUser, UserTruth, EventSource } from './users/build-users.js';
export { PERSONAS, PERSONA_NAMES } from './users/personas.js';
export type { PersonaName, PersonaSpec } from './users/personas.js';
export { CATEGORIES, TOP_CATEGORY_KEYS } from './vocab/categories.js';
export type { TopCategoryKey, BrandTier } from './vocab/categories.js';
export { DIALOG_INTENTS } from './vocab/dialog-phrases.js';
export type { DialogIntent, TurnIntent } from './vocab/dialog-phrases.js';
export type { SentimentLabel } from './vocab/review-phrases.js';
export type { SearchIntent, SearchIntentKind, TextLanguage } from './behaviour/search.js';
export type { DayTruth, Promotion, PromotionKind } from './behaviour/calendar.js';
export { WEEKDAY_FACTORS } from './behaviour/calendar.js';
export type { BotOptions } from './behaviour/bots.js';
export type { DirtOptions } from './dirt/dirt-injector.js';
export { DIRT_KINDS } from './dirt/dirt-kinds.js';
export type { DirtKind, DirtyLabel, DirtExpectation, PiiKind } from './dirt/dirt-kinds.js';
export type { RunTruth, RunCounts, ReviewTruth, SearchTruth, ConversationTruth } from './truth/run-truth.js';
export { truthToJson } from './truth/truth-json.js';
export { shopCorpusTexts, shopTexts } from './truth/shop-texts.js';
export type { ShopCorpusOptions, ShopTexts, ShopTextTruth } from './truth/shop-texts.js';
export { writeTruthJson } from './truth/write-truth.js';
export { countExpectedItemStats, itemStatsKey } from './stats/expected-item-stats.js';
export type { ItemDayStats } from './stats/expected-item-stats.js';
export { cleanEvents } from './stats/clean-events.js';
export { Random } from './random/random.js';
export {
  adversarialInput,
  adversarialInputs,
  FUZZ_INPUT_KINDS,
  type FuzzInput,
  type FuzzInputKind,
} from './fuzz/adversarial-bytes.js';
export { recordingLogger, type LogLine, type RecordingLogger } from './logging/recording-logger.js';
