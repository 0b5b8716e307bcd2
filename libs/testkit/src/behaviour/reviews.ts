import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';
import {
  CATEGORY_ASPECTS,
  REVIEW_EMOJI,
  REVIEW_EN,
  REVIEW_ZH,
  SERVICE_ASPECTS,
  type SentimentLabel,
} from '../vocab/review-phrases.js';
import type { TextLanguage } from './search.js';

export interface ReviewDraft {
  rating: number;
  text: string;
  sentiment: SentimentLabel;
  score: number;
  language: TextLanguage;
}

/**
 * Hidden satisfaction of a buyer with a purchased item: item quality dominates, taste fit
 * adds, and some noise stands for everything else. Roughly N(0.1, 0.5).
 */
export function satisfactionScore(quality: number, fit: number, random: Random): number {
  return 2.2 * (quality - 0.62) + 0.8 * (fit - 0.55) + 0.35 * random.normal();
}

export function sentimentOf(score: number): SentimentLabel {
  if (score > 0) return 'positive';
  if (score < -0.45) return 'negative';
  return 'neutral';
}

/** Stars follow the score closely but not exactly: that is what makes rating a noisy label. */
export function ratingOf(score: number, random: Random): number {
  return Math.min(5, Math.max(1, Math.round(3.48 + 2.4 * score + 0.4 * random.normal())));
}

function chineseText(label: SentimentLabel, item: SimItem, random: Random): string {
  const bank = REVIEW_ZH[label];
  const aspects = CATEGORY_ASPECTS[item.top.key];
  const clauses: string[] = [random.pick(bank.openers)];
  if (label === 'neutral') {
    const praised = random.int(0, aspects.good.length - 1);
    const blamed = [...aspects.bad.filter((_, i) => i !== praised), ...SERVICE_ASPECTS.bad];
    clauses.push(`${aspects.good[praised]}，但是${random.pick(blamed)}`);
    if (random.chance(0.4)) clauses.push(random.pick(bank.negated));
  } else {
    const side = label === 'positive' ? 'good' : 'bad';
    clauses.push(`这个${item.leaf.leaf[0]}${random.pick(aspects[side])}`);
    if (random.chance(0.5)) clauses.push(random.pick(SERVICE_ASPECTS[side]));
    if (random.chance(0.45)) clauses.push(random.pick(bank.negated));
  }
  if (random.chance(0.5)) clauses.push(random.pick(bank.closers));
  const end = label === 'neutral' ? '。' : random.pick(['。', '！', '!!', '~']);
  return clauses.join('，') + end;
}

export function draftReview(item: SimItem, score: number, englishShare: number, random: Random): ReviewDraft {
  const sentiment = sentimentOf(score);
  const rating = ratingOf(score, random);
  const language: TextLanguage = random.chance(englishShare) ? 'en' : 'zh';
  let text = language === 'en' ? random.pick(REVIEW_EN[sentiment]) : chineseText(sentiment, item, random);
  if (random.chance(sentiment === 'neutral' ? 0.1 : 0.3)) text += random.pick(REVIEW_EMOJI[sentiment]);
  return { rating, text, sentiment, score, language };
}
