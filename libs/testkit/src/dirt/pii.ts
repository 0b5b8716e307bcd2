import type { Random } from '../random/random.js';
import type { PiiKind } from './dirt-kinds.js';

const digits = (random: Random, n: number): string => Array.from({ length: n }, () => random.int(0, 9)).join('');

export function mobileNumber(random: Random): string {
  return `1${random.int(3, 9)}${digits(random, 9)}`;
}

export function emailAddress(random: Random): string {
  const name = random.pick(['zhangwei', 'li.na', 'wangfang', 'liuyang', 'chen_jie', 'xiaoming', 'amy.zhou']);
  return `${name}${random.int(1, 999)}@${random.pick(['qq.com', '163.com', 'gmail.com', 'outlook.com', '126.com'])}`;
}

const REGIONS = ['110105', '310104', '440305', '330106', '510107', '420111', '320102'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-character resident ID with a real birth date and a correct ISO 7064 check character. */
export function residentId(random: Random): string {
  const birth = new Date(Date.UTC(random.int(1960, 2004), random.int(0, 11), random.int(1, 28)));
  const body = `${random.pick(REGIONS)}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${digits(random, 3)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

function luhnCheckDigit(partial: string): number {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A UnionPay-style card number (62…) that passes Luhn; sometimes written in groups of four. */
export function bankCardNumber(random: Random): string {
  const partial = `62${digits(random, random.pick([13, 16]))}`;
  const card = partial + luhnCheckDigit(partial);
  return card.length === 16 && random.chance(0.4) ? card.replace(/(\d{4})(?=\d)/g, '$1 ') : card;
}

export function streetAddress(random: Random): string {
  const area = random.pick([
    '北京市朝阳区',
    '上海市浦东新区',
    '广州市天河区',
    '杭州市西湖区',
    '成都市武侯区',
    '深圳市南山区',
  ]);
  const road = random.pick(['建国路', '中山路', '人民路', '解放路', '文三路', '科技园南路']);
  const detail = random.chance(0.5)
    ? `${random.pick(['阳光小区', '幸福家园', '翠湖花园', '金色公寓'])}${random.int(1, 20)}栋${random.int(1, 6)}单元${random.int(101, 2505)}室`
    : '';
  return `${area}${road}${random.int(1, 999)}号${detail}`;
}

const SENTENCES: Record<PiiKind, readonly string[]> = {
  phone: ['我的手机号是{}', '有问题打我电话{}', '联系电话：{}', '加我微信吧，手机号{}'],
  email: ['我的邮箱是{}', '发票请发到{}', 'email me at {}'],
  id: ['我的身份证号是{}', '实名认证用的身份证{}'],
  card: ['退款请打到这张卡{}', '我的银行卡号是{}'],
  address: ['收货地址改成{}', '寄到{}吧', '我家地址：{}'],
};

const MAKERS: Record<PiiKind, (random: Random) => string> = {
  phone: mobileNumber,
  email: emailAddress,
  id: residentId,
  card: bankCardNumber,
  address: streetAddress,
};

/** A short sentence that carries one piece of personal data of the given kind. */
export function piiSentence(kind: PiiKind, random: Random): string {
  const value = MAKERS[kind](random);
  // Spaces keep the value apart from neighbouring digits or Latin letters.
  return random.pick(SENTENCES[kind]).replace('{}', ` ${value} `).trim();
}
