import type { TopCategoryKey } from './categories.js';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

interface AspectPhrases {
  good: readonly string[];
  bad: readonly string[];
}

/**
 * Category-specific things reviewers praise or complain about. `good[i]` and `bad[i]` talk
 * about the same aspect, so a mixed review never praises and blames the same thing.
 */
export const CATEGORY_ASPECTS: Record<TopCategoryKey, AspectPhrases> = {
  apparel: {
    good: ['面料很舒服', '尺码标准', '版型很好看', '做工精细', '颜色很正', '洗了也不变形'],
    bad: ['面料起球', '尺码偏小', '版型很奇怪', '线头很多', '有色差', '洗了一次就变形'],
  },
  electronics: {
    good: ['性能很稳定', '续航很给力', '做工很精致', '连接很顺畅', '反应很灵敏', '用起来很顺手'],
    bad: ['经常出故障', '续航很短', '做工粗糙', '经常断连', '反应很慢', '用了两天就坏了'],
  },
  beauty: {
    good: ['用着很舒服', '吸收很快', '味道好闻', '效果很明显', '质地很细腻', '一点都不油腻'],
    bad: ['用了过敏', '搓泥严重', '味道刺鼻', '一点效果都没有', '质地很粗糙', '很油腻'],
  },
  food: {
    good: ['很新鲜', '味道很好', '口感不错', '分量足', '日期很新', '家里人都爱吃'],
    bad: ['不新鲜', '味道很怪', '口感很差', '分量太少', '快过期了', '家里人都不爱吃'],
  },
  home: {
    good: ['做工扎实', '质感很好', '很耐用', '尺寸刚好', '清洗方便', '颜值很高'],
    bad: ['做工粗糙', '质感很廉价', '用了几次就坏了', '尺寸不对', '很难清洗', '有股异味'],
  },
  sports: {
    good: ['很结实', '用起来很舒服', '很轻便', '质量过硬', '细节做得好', '专业感很强'],
    bad: ['不结实', '用起来很难受', '太重了', '质量很差', '细节很粗糙', '一点都不专业'],
  },
  baby: {
    good: ['宝宝很喜欢', '很柔软', '材质安全', '用着放心', '宝宝用了很舒服', '质量很好'],
    bad: ['宝宝不喜欢', '材质很硬', '有股异味', '用着不放心', '宝宝用了过敏', '质量很差'],
  },
};

export const SERVICE_ASPECTS: AspectPhrases = {
  good: ['物流很快', '包装很用心', '性价比很高', '客服态度很好', '发货速度快', '和描述一致'],
  bad: ['物流太慢了', '包装破损', '客服爱答不理', '发错货了', '价格虚高', '和图片不一样'],
};

export const REVIEW_ZH: Record<
  SentimentLabel,
  { openers: readonly string[]; closers: readonly string[]; negated: readonly string[] }
> = {
  positive: {
    openers: ['非常满意', '很喜欢', '超出预期', '好评', '第二次回购了', '东西不错', '太好用了'],
    closers: ['推荐购买', '还会再来', '值得入手', '五星好评', '已经推荐给朋友了'],
    // A negation that praises: the lexicon must not read these as complaints.
    negated: ['一点都不失望', '没有任何问题', '完全挑不出毛病', '不比专柜的差', '没有踩雷', '一点也不后悔'],
  },
  neutral: {
    openers: ['还行吧', '一般般', '中规中矩', '凑合用', '和描述基本一致', '没什么特别的'],
    closers: ['再观察一下', '看后续使用情况', '价格合适的话可以买', '总体来说还可以'],
    negated: ['不是不好，就是有点贵', '没有想象中那么好，但也不差', '说不上喜欢也说不上讨厌', '不算差吧'],
  },
  negative: {
    openers: ['很失望', '质量太差了', '不推荐', '差评', '后悔买了', '真的无语'],
    closers: ['再也不会买了', '大家别买', '已经申请退货了', '浪费钱'],
    // A negation that complains: a positive word under negation.
    negated: ['一点也不好用', '不值这个价', '完全不像描述的那样', '一点都不满意', '没有宣传的效果', '不怎么样'],
  },
};

export const REVIEW_EN: Record<SentimentLabel, readonly string[]> = {
  positive: [
    'Great quality, fast shipping!',
    'Love it, exactly as described.',
    'Really comfortable, would buy again.',
    'Excellent value for money.',
    'Not bad at all, actually better than I expected.',
  ],
  neutral: [
    "It's okay, nothing special.",
    'Decent for the price but shipping was slow.',
    'Average quality, does the job.',
    'Not great, not terrible.',
  ],
  negative: [
    'Terrible quality, not worth the money.',
    'Arrived damaged. Very disappointed.',
    'Not as described, would not recommend.',
    "Doesn't work as advertised.",
    'Poor quality, returned it.',
  ],
};

export const REVIEW_EMOJI: Record<SentimentLabel, readonly string[]> = {
  positive: ['👍', '😊', '❤️', '🎉', '😍'],
  neutral: ['🤔', '😐', '🙂'],
  negative: ['😡', '👎', '😤', '💔', '😞'],
};
