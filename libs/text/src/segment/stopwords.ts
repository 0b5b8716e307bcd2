/**
 * Compact stopword lists for keyword-style tokens. Negations (不, 没有, not, don't, never…)
 * are deliberately absent: "不好用" and "not worth it" must keep their meaning for demand
 * and sentiment mining.
 */

export const CHINESE_STOPWORDS: readonly string[] = [
  '的', '了', '着', '过', '地', '得', '之', '是', '在', '和', '与', '及', '或', '而', '并', '且',
  '也', '都', '就', '还', '又', '再', '才', '只', '把', '被', '给', '让', '对', '向', '从', '往',
  '于', '以', '为', '因', '由', '将', '等', '等等', '啊', '呀', '吧', '呢', '吗', '嘛', '哦', '噢',
  '哈', '啦', '喔', '嗯', '呃', '哎', '唉', '么', '我', '你', '您', '他', '她', '它', '我们',
  '你们', '他们', '她们', '它们', '咱们', '大家', '自己', '这', '那', '这个', '那个', '这些',
  '那些', '这里', '那里', '这样', '那样', '这么', '那么', '这种', '那种', '这款', '那款', '款', '哪',
  '哪个', '哪里', '什么', '怎么', '怎样', '如何', '为什么', '一个', '一些', '一下', '一点',
  '一直', '一样', '个', '些', '有', '有点', '有些', '就是', '还是', '但是', '可是', '不过',
  '然后', '而且', '所以', '因为', '如果', '虽然', '还有', '以及', '或者', '并且', '而是', '于是',
  '其实', '已经', '曾经', '正在', '刚刚', '刚', '很', '太', '非常', '特别', '比较', '挺', '蛮',
  '真', '真的', '相当', '十分', '极其', '更', '最', '越', '稍微', '感觉', '觉得', '认为', '可以',
  '可能', '应该', '能', '会', '要', '想', '得到', '来', '去', '上', '下', '里', '中', '后', '前',
  '时', '时候', '现在', '今天', '昨天', '之后', '之前', '以后', '以前', '当时', '当', '每', '各',
  '其', '其他', '其它', '另外', '所有', '一切', '啥', '咋', '嘞', '呗', '哇', '耶', '滴', '哟',
  '个人', '东西', '方面', '情况', '问题', '时间', '事情', '包括', '比如', '例如', '通过', '根据',
  '关于', '对于', '按照', '随着', '除了', '作为', '进行', '已', '所', '则', '即', '若', '如',
];

export const ENGLISH_STOPWORDS: readonly string[] = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'else', 'so', 'than', 'too', 'very', 'just',
  'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through', 'during',
  'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off',
  'over', 'under', 'again', 'further', 'once', 'here', 'there', 'when', 'where', 'why', 'how',
  'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other', 'some', 'such', 'only', 'own',
  'same', 'can', 'will', 'would', 'should', 'could', 'may', 'might', 'must', 'shall', 'do',
  'does', 'did', 'doing', 'done', 'be', 'been', 'being', 'is', 'am', 'are', 'was', 'were', 'have',
  'has', 'had', 'having', 'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you',
  'your', 'yours', 'yourself', 'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers',
  'herself', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs', 'themselves', 'what',
  'which', 'who', 'whom', 'whose', 'this', 'that', 'these', 'those', 'as', 'until', 'while',
  'because', 'also', 'really', 'quite', 'still', 'even', 'get', 'got', 'im', "i'm", "i've",
  "i'd", "i'll", "you're", "you've", "it's", "that's", "there's", "they're", "we're", 'its',
  'let', "let's", 'one', 'thing', 'things', 'lot', 'much', 'many', 'well', 'now', 'ever',
];

export const DEFAULT_STOPWORDS: ReadonlySet<string> = new Set([...CHINESE_STOPWORDS, ...ENGLISH_STOPWORDS]);
