import { takeMiddlingVerdicts } from './middling-verdicts.js';

/**
 * A small general-purpose shopping sentiment lexicon (Chinese and English) with negation:
 * "不好用" and "not worth" count against, "一点都不失望" and "没有任何问题" count for. It gives
 * the sentiment head what a bag of token vectors cannot see — which way a negation turns a
 * word — as a handful of features.
 */

const POSITIVE_ZH = [
  '好',
  '好用',
  '好看',
  '好吃',
  '好闻',
  '满意',
  '喜欢',
  '推荐',
  '不错',
  '值得',
  '舒服',
  '舒适',
  '精致',
  '精细',
  '新鲜',
  '划算',
  '实惠',
  '漂亮',
  '柔软',
  '结实',
  '耐用',
  '清晰',
  '稳定',
  '给力',
  '惊喜',
  '超值',
  '完美',
  '赞',
  '棒',
  '优秀',
  '放心',
  '正品',
  '回购',
  '好评',
  '五星',
  '超出预期',
  '性价比高',
  '很快',
  '细腻',
  '流畅',
  '顺手',
  '喜爱',
  '开心',
  '靠谱',
  '物美价廉',
];
const NEGATIVE_ZH = [
  '差',
  '失望',
  '后悔',
  '坏',
  '坏了',
  '慢',
  '太慢',
  '破损',
  '过敏',
  '难用',
  '难吃',
  '难看',
  '难受',
  '垃圾',
  '退货',
  '退款',
  '投诉',
  '假货',
  '劣质',
  '粗糙',
  '异味',
  '刺鼻',
  '起球',
  '掉色',
  '色差',
  '变形',
  '故障',
  '无语',
  '浪费',
  '差评',
  '不值',
  '糟糕',
  '太贵',
  '虚高',
  '廉价',
  '毛病',
  '问题',
  '踩雷',
  '上当',
  '发错',
  '不像',
  '不推荐',
  '别买',
  '油腻',
  '搓泥',
  '断连',
  '过期',
  '生气',
  '气人',
];
const HEDGE_ZH = ['一般', '还行', '凑合', '中规中矩', '马马虎虎', '普通', '还可以', '基本一致', '没什么特别'];
const NEGATORS_ZH = ['不', '没', '没有', '别', '无', '未', '毫无', '并非'];
const CONTRAST_ZH = ['但是', '但', '不过', '可是', '就是有点'];

const POSITIVE_EN = [
  'good',
  'great',
  'excellent',
  'love',
  'loved',
  'perfect',
  'amazing',
  'comfortable',
  'fast',
  'recommend',
  'worth',
  'happy',
  'nice',
  'best',
  'better',
  'awesome',
  'exactly',
];
const NEGATIVE_EN = [
  'bad',
  'terrible',
  'poor',
  'disappointed',
  'disappointing',
  'damaged',
  'broken',
  'worst',
  'slow',
  'waste',
  'returned',
  'refund',
  'awful',
  'unacceptable',
  'wrong',
  'complain',
];
const HEDGE_EN = ['okay', 'ok', 'average', 'decent', 'fine', 'special', 'so-so', 'mediocre'];
const NEGATORS_EN = new Set([
  'not',
  'no',
  'never',
  "n't",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "wasn't",
  "won't",
  'nothing',
  'without',
]);
const CONTRAST_EN = new Set(['but', 'however', 'though', 'although']);

export type Polarity = 'positive' | 'negative' | 'hedge';

/** The lexicon's words by polarity, for a first model before the shop has sent any reviews. */
export const SENTIMENT_TERMS = {
  zh: { positive: POSITIVE_ZH, negative: NEGATIVE_ZH, hedge: HEDGE_ZH },
  en: { positive: POSITIVE_EN, negative: NEGATIVE_EN, hedge: HEDGE_EN },
} as const;

const ZH_TERMS = new Map<string, Polarity>([
  ...POSITIVE_ZH.map((t): [string, Polarity] => [t, 'positive']),
  ...NEGATIVE_ZH.map((t): [string, Polarity] => [t, 'negative']),
  ...HEDGE_ZH.map((t): [string, Polarity] => [t, 'hedge']),
]);
const EN_TERMS = new Map<string, Polarity>([
  ...POSITIVE_EN.map((t): [string, Polarity] => [t, 'positive']),
  ...NEGATIVE_EN.map((t): [string, Polarity] => [t, 'negative']),
  ...HEDGE_EN.map((t): [string, Polarity] => [t, 'hedge']),
]);
const LONGEST_ZH = Math.max(...[...ZH_TERMS.keys()].map((t) => t.length));
/** Characters before a Chinese term searched for a negator ("一点也不后悔", "没有任何问题"). */
const ZH_NEGATION_REACH = 4;
const EN_NEGATION_REACH = 3;

export interface LexiconCounts {
  positive: number;
  negative: number;
  negatedPositive: number;
  negatedNegative: number;
  hedge: number;
  contrast: number;
}

/** Counts lexicon hits in a text, longest term first, each flipped when a negator precedes it. */
export function countSentimentTerms(text: string): LexiconCounts {
  const counts: LexiconCounts = {
    positive: 0,
    negative: 0,
    negatedPositive: 0,
    negatedNegative: 0,
    hedge: 0,
    contrast: 0,
  };
  const lower = text.toLowerCase();
  countChinese(lower, counts);
  countEnglish(lower, counts);
  return counts;
}

function countChinese(text: string, counts: LexiconCounts): void {
  for (const marker of CONTRAST_ZH) if (text.includes(marker)) counts.contrast = 1;
  let consumedUntil = 0;
  for (let start = 0; start < text.length; start++) {
    if (start < consumedUntil) continue;
    for (let length = Math.min(LONGEST_ZH, text.length - start); length >= 1; length--) {
      const polarity = ZH_TERMS.get(text.slice(start, start + length));
      if (!polarity) continue;
      const before = text.slice(Math.max(consumedUntil, start - ZH_NEGATION_REACH), start);
      tally(
        counts,
        polarity,
        NEGATORS_ZH.some((negator) => before.includes(negator)),
      );
      consumedUntil = start + length;
      break;
    }
  }
}

const ENGLISH_WORD = /[a-z]+(?:'[a-z]+)?|n't/g;
const CLAUSE_END = /[^\p{L}\p{N}\s']/u;

function countEnglish(text: string, counts: LexiconCounts): void {
  const words = text.match(ENGLISH_WORD) ?? [];
  words.forEach((word, index) => {
    if (CONTRAST_EN.has(word)) counts.contrast = 1;
    const polarity = EN_TERMS.get(word);
    if (!polarity) return;
    const before = words.slice(Math.max(0, index - EN_NEGATION_REACH), index);
    tally(counts, polarity, before.some(isEnglishNegator));
  });
}

function isEnglishNegator(word: string): boolean {
  return NEGATORS_EN.has(word) || word.endsWith("n't");
}

/**
 * Whether a negator comes before `start` in its clause of a lower-cased text: for English within 3
 * words, as the counts look; for Chinese right before it (the counts look 4 characters back, for
 * 没有任何问题, where 跟别家差不多 would read 别 as "don't").
 */
export function negatedBefore(text: string, start: number, language: 'zh' | 'en'): boolean {
  const clause = text.slice(0, start).split(CLAUSE_END).at(-1) ?? '';
  if (language === 'zh') return NEGATORS_ZH.some((negator) => clause.trimEnd().endsWith(negator));
  return (clause.match(ENGLISH_WORD) ?? []).slice(-EN_NEGATION_REACH).some(isEnglishNegator);
}

function tally(counts: LexiconCounts, polarity: Polarity, negated: boolean): void {
  if (polarity === 'hedge') counts.hedge++;
  else if (polarity === 'positive') negated ? counts.negatedPositive++ : counts.positive++;
  else negated ? counts.negatedNegative++ : counts.negative++;
}

/** A lexicon word's polarity (Chinese or lower-case English), undefined when it is none. */
export function termPolarity(term: string): Polarity | undefined {
  return ZH_TERMS.get(term) ?? EN_TERMS.get(term);
}

/**
 * The counts as bounded features: saturating counts, the contrast flag and a net polarity. With
 * `middlingVerdicts` middling verdicts also count as hedges (middling-verdicts.ts); a head's
 * feature set records which it was trained on.
 */
export function lexiconFeatures(text: string, options: { middlingVerdicts?: boolean } = {}): number[] {
  const middling = options.middlingVerdicts
    ? takeMiddlingVerdicts(text.toLowerCase(), { polarityOf: termPolarity, negatedBefore })
    : { count: 0, rest: text };
  const c = countSentimentTerms(middling.rest);
  c.hedge += middling.count;
  const saturate = (n: number): number => Math.min(n, 3) / 3;
  const net = c.positive + c.negatedNegative - c.negative - c.negatedPositive;
  return [
    saturate(c.positive),
    saturate(c.negative),
    saturate(c.negatedPositive),
    saturate(c.negatedNegative),
    saturate(c.hedge),
    c.contrast,
    Math.tanh(net / 2),
  ];
}

export const LEXICON_FEATURE_COUNT = 7;
