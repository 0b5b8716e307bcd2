/**
 * HTML in user text is treated as text: entities are decoded first (so encoded markup is
 * recognised too), then comments, script/style blocks and known tags are removed. Nothing
 * is parsed into a DOM and nothing is executed. A `<` that does not open a known tag
 * ("价格<200", "a < b") stays as it is.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  yen: '¥',
  cent: '¢',
  pound: '£',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  times: '×',
  divide: '÷',
  middot: '·',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  deg: '°',
  plusmn: '±',
  sup2: '²',
  sup3: '³',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  hearts: '♥',
  star: '☆',
  bull: '•',
  zwj: '\u200D',
  zwnj: '',
  shy: '',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,9}));?/g;

const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'big',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
]);

const BLOCK_TAGS = [
  'address',
  'area',
  'article',
  'aside',
  'audio',
  'base',
  'blockquote',
  'body',
  'br',
  'button',
  'canvas',
  'caption',
  'center',
  'col',
  'colgroup',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'embed',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'frame',
  'frameset',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'head',
  'header',
  'hr',
  'html',
  'iframe',
  'img',
  'input',
  'label',
  'legend',
  'li',
  'link',
  'main',
  'map',
  'meta',
  'nav',
  'noscript',
  'object',
  'ol',
  'optgroup',
  'option',
  'p',
  'param',
  'picture',
  'pre',
  'section',
  'select',
  'source',
  'summary',
  'svg',
  'table',
  'tbody',
  'td',
  'template',
  'textarea',
  'tfoot',
  'th',
  'thead',
  'title',
  'tr',
  'track',
  'ul',
  'video',
  'math',
  'marquee',
  'applet',
  'xml',
];

const TAG_NAMES = [...INLINE_TAGS, ...BLOCK_TAGS].sort((a, b) => b.length - a.length).join('|');
const TAG = new RegExp(`</?(${TAG_NAMES})(?=[\\s/>])(?:[^<>"']|"[^"]*"|'[^']*')*>`, 'gi');
const RAW_TEXT_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENT_OR_DECLARATION = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?\]\]>|<![a-zA-Z][^<>]*>|<\?[\s\S]*?\?>/g;

export interface HtmlResult {
  text: string;
  entitiesDecoded: boolean;
  tagsStripped: boolean;
}

export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (match, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) {
      const named = NAMED_ENTITIES[name.toLowerCase()];
      return named ?? match;
    }
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    return isSafeCodePoint(codePoint) ? String.fromCodePoint(codePoint) : '';
  });
}

function isSafeCodePoint(codePoint: number): boolean {
  if (codePoint > 0x10ffff) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  if (codePoint < 0x20) return codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d;
  return !(codePoint >= 0x7f && codePoint <= 0x9f);
}

export function stripHtml(text: string): HtmlResult {
  const decoded = decodeHtmlEntities(text);
  const entitiesDecoded = decoded !== text;
  if (!decoded.includes('<')) return { text: decoded, entitiesDecoded, tagsStripped: false };
  const stripped = decoded
    .replace(RAW_TEXT_ELEMENT, ' ')
    .replace(COMMENT_OR_DECLARATION, ' ')
    .replace(TAG, (_tag, name: string) => (INLINE_TAGS.has(name.toLowerCase()) ? '' : ' '));
  return { text: stripped, entitiesDecoded, tagsStripped: stripped !== decoded };
}
