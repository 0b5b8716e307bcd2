// eval/embed: the text encoder and heads, trained as the embedder trains them on a shop's data
// (here a test-kit shop's), scored on another shop with known truth, each beside a naive baseline.
import { evaluateOnShop } from './text-eval/shop-evaluation.js';
import { progress } from './report.js';

/** The shop the models learn from (what the platform would have gathered from it). */
const TRAIN = { seed: 7, users: 2000, items: 400, days: 21 };
/** The local demo's shop (LOCAL_DEMO_SEED, _USERS, _ITEMS): another catalog, other shoppers, other texts. */
const TEST = { seed: 42, users: 2000, items: 400, days: 14 };

function printEval(name: string, metric: string, value: number, baseline: number): void {
  console.log(`EVAL ${name} metric=${metric} value=${value.toFixed(3)} baseline=${baseline.toFixed(3)}`);
}

const result = await evaluateOnShop(TRAIN, TEST, progress);
const { search, sentiment, intent } = result;
progress(
  `search: ${search.queries} queries; target in top 10 by language ${JSON.stringify(search.targetTop10ByLanguage)}`,
);
progress(
  `sentiment: ${sentiment.examples} held-out reviews (stars agree with the true sentiment for ${(sentiment.starsAgreeWithTruth * 100).toFixed(1)}%); ECE ${sentiment.expectedCalibrationError.toFixed(3)}`,
);
progress(`intent: ${intent.examples} held-out customer turns; ECE ${intent.expectedCalibrationError.toFixed(3)}`);
printEval('search_target_item_top10', 'hit_rate@10', search.targetTop10, search.keywordTargetTop10);
printEval('search_any_relevant_item_top10', 'hit_rate@10', search.relevantTop10, search.keywordRelevantTop10);
printEval('sentiment', 'accuracy', sentiment.accuracy, sentiment.baselineAccuracy);
printEval('sentiment', 'macro_f1', sentiment.macroF1, sentiment.baselineMacroF1);
printEval('intent', 'macro_f1', intent.macroF1, intent.baselineMacroF1);
printEval('intent', 'accuracy', intent.accuracy, intent.baselineAccuracy);
