/**
 * Chinese street addresses: administrative prefix (省/市/区/县/镇/街道), then either a road
 * with a door number (建国路88号) or a residential detail (小区, 栋, 单元, 层, 室). Only the
 * detailed part makes an address personal, so "北京市朝阳区" alone is not masked, and a match
 * must carry a road number, two details, or a named community plus one detail.
 */

// Place-name characters: Han, minus words that glue a name to the sentence around it
// ("我住在…", "寄到…", "收货地址…") so the mask does not swallow them.
const NAME = String.raw`[\p{Script=Han}--[在住是的到寄送我你他她们了把给从往请址为收货和或及与就都也还要想去来回]]`;
const CN_DIGIT = '一二三四五六七八九十';
const SEP = String.raw`[\s,，]?`;

const PROVINCE = `${NAME}{2,7}?(?:省|自治区|特别行政区)`;
const CITY = `${NAME}{2,7}?(?:市|自治州|地区|盟)`;
const DISTRICT = `${NAME}{1,6}?(?:区|县|旗)`;
const TOWN = `${NAME}{1,6}?(?:镇|乡|街道)`;
const ADMIN = `(?<admin>(?:${PROVINCE}${SEP})?(?:${CITY}${SEP})?(?:${DISTRICT}${SEP})?(?:${TOWN}${SEP})?)`;

const ROAD = String.raw`(?<road>[${NAME}\d]{1,10}?(?:路|大街|大道|街|巷|胡同|弄)(?:[东西南北中]段)?)`;
const DOOR = String.raw`(?<door>\s?(?:\d{1,5}(?:-\d{1,5})?|[零${CN_DIGIT}百]{1,6})\s?号(?:院)?)`;
const COMMUNITY = `(?<community>${NAME}{2,10}?(?:小区|花园|家园|公寓|大厦|大楼|广场|新村|苑|府|庭))`;
const BUILDING = String.raw`(?<building>[\dA-Za-z${CN_DIGIT}](?:[\dA-Za-z${CN_DIGIT}\-]{0,4}[\dA-Za-z${CN_DIGIT}])?(?:号楼|栋|幢|座|期|号院))`;
const UNIT = String.raw`(?<unit>[\d${CN_DIGIT}]{1,3}单元)`;
const FLOOR = String.raw`(?<floor>\d{1,3}(?:层|楼)(?![上下]))`;
const ROOM = String.raw`(?<room>[A-Za-z]?-?\d{1,5}(?:室|房|号房|户))`;
const BARE_ROOM = String.raw`(?<bareRoom>(?<=单元|栋|幢|号楼|座|层|楼)${SEP}\d{3,4}(?!\d))`;
const DETAILS = String.raw`(?:${SEP}${BUILDING})?(?:${SEP}${UNIT})?(?:${SEP}${FLOOR})?(?:${SEP}${ROOM}|${BARE_ROOM})?`;

const ADDRESS = new RegExp(
  `${ADMIN}(?:${ROAD}${DOOR}(?:${SEP}${COMMUNITY})?${DETAILS}|(?:${COMMUNITY}${SEP})?(?=[\\dA-Za-z${CN_DIGIT}])${DETAILS})`,
  'gv',
);

// Every address form has a number in front of 号, 栋, 单元, 室…: a cheap test before the big regex.
const ANCHOR = /[\dA-Za-z零一二三四五六七八九十百]\s?(?:号|栋|幢|座|期|单元|室|层|楼|房|户)/;

type Groups = Record<string, string | undefined>;

function isDetailedEnough(groups: Groups): boolean {
  if (groups['road'] && groups['door']) return true;
  const details = ['building', 'unit', 'floor', 'room', 'bareRoom'].filter((k) => groups[k]).length;
  if (details >= 2) return true;
  return details >= 1 && Boolean(groups['community'] || groups['admin']);
}

export function maskChineseAddresses(text: string, placeholder: string): { text: string; count: number } {
  if (!ANCHOR.test(text)) return { text, count: 0 };
  let count = 0;
  const masked = text.replace(ADDRESS, (match: string, ...rest: unknown[]) => {
    const groups = rest[rest.length - 1] as Groups;
    if (match.length === 0 || !isDetailedEnough(groups)) return match;
    count++;
    return placeholder;
  });
  return { text: masked, count };
}
