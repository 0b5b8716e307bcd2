import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { maskPii, type PiiKind } from '../src/index.js';

function masks(text: string, expected: string, kind: PiiKind, count = 1): void {
  const r = maskPii(text);
  assert.equal(r.text, expected);
  assert.deepEqual(r.found, [{ kind, count }]);
}

function untouched(text: string): void {
  const r = maskPii(text);
  assert.equal(r.text, text);
  assert.deepEqual(r.found, []);
}

describe('maskPii: phones', () => {
  it('masks mobile numbers in their usual spellings', () => {
    masks('我的手机号是13812345678，麻烦尽快联系', '我的手机号是[PHONE]，麻烦尽快联系', 'phone');
    masks('电话：+86 139-1234-5678', '电话：[PHONE]', 'phone');
    masks('call 0086 150 1234 5678 or (+86)18612345678', 'call [PHONE] or [PHONE]', 'phone', 2);
    masks('联系8613912345678', '联系[PHONE]', 'phone');
  });

  it('masks landlines with area codes and extensions', () => {
    masks('座机010-62345678转123，下午在', '座机[PHONE]，下午在', 'phone');
    masks('深圳门店 0755 8765 432 不对，是(0755)87654321', '深圳门店 0755 8765 432 不对，是[PHONE]', 'phone');
  });

  it('masks North American numbers written as phone numbers', () => {
    masks('Call me at (555) 234-5678 after 6pm', 'Call me at [PHONE] after 6pm', 'phone');
    masks('text +1 415.555.0100 or 212-555-0199', 'text [PHONE] or [PHONE]', 'phone', 2);
    masks('上海座机021 6123 4567', '上海座机[PHONE]', 'phone');
  });

  it('leaves numbers that only look like phones', () => {
    untouched('订单12345678901已经签收'); // starts with 12, not a mobile prefix
    untouched('1381234567 少一位');
    untouched('(555) 123-4567'); // a North American exchange never starts with 1
    untouched('型号SN13812345678的序列号');
    untouched('时间戳1715500000000');
    untouched('客服热线400-820-8820, toll free 800-555-0100');
    untouched('三个价位 299 399 4999 都有');
  });
});

describe('maskPii: e-mail', () => {
  it('masks addresses with dots, plus tags and sub-domains', () => {
    masks('邮箱 zhang.san+shop@example.com.cn 谢谢', '邮箱 [EMAIL] 谢谢', 'email');
    masks('QQ邮箱123456789@qq.com', 'QQ邮箱[EMAIL]', 'email');
    masks('Email me: John.Doe@Gmail.COM.', 'Email me: [EMAIL].', 'email');
  });

  it('leaves @-mentions and decorations alone', () => {
    untouched('@客服小美 你好');
    untouched('price @ 199 each');
    untouched('user@localhost');
  });
});

describe('maskPii: resident ID numbers', () => {
  it('masks 18-digit IDs with a valid check digit, X included, spaced or not', () => {
    masks('身份证号11010519491231002X', '身份证号[ID]', 'id');
    masks('身份证 11010519491231002x 实名', '身份证 [ID] 实名', 'id');
    masks('ID: 440306 19900307 2315', 'ID: [ID]', 'id');
    masks('闰日出生510107200002291232', '闰日出生[ID]', 'id');
  });

  it('masks 15-digit first-generation IDs with a plausible region and birth date', () => {
    masks('老身份证110105491231002', '老身份证[ID]', 'id');
  });

  it('rejects IDs with a wrong check digit, an impossible date or an unknown region', () => {
    untouched('身份证号110105194912310021'); // check digit should be X
    untouched('号码110105202302301238'); // 30 February
    untouched('号码991234199001011234'); // region 99 does not exist
    untouched('17位11010519491231002');
  });
});

describe('maskPii: bank cards', () => {
  it('masks Luhn-valid card numbers, grouped or not', () => {
    masks('卡号6222021234567890128退款', '卡号[CARD]退款', 'card');
    masks('card 4111 1111 1111 1111 exp 12/27', 'card [CARD] exp 12/27', 'card');
    masks('工行卡 6217-0001-2345-6789-019', '工行卡 [CARD]', 'card');
    masks('amex 3782 822463 10005', 'amex [CARD]', 'card');
  });

  it('rejects numbers that fail Luhn, are too short, or follow order words', () => {
    untouched('卡号6222021234567890127');
    untouched('编码622202123456');
    untouched('订单号：4111111111111111 请查收');
    untouched('tracking no. 4367421234567896');
    untouched('1111111111111111 test');
  });
});

describe('maskPii: IPv4', () => {
  it('masks addresses with valid octets', () => {
    masks('登录IP 192.168.1.10 异常', '登录IP [IP] 异常', 'ip');
    masks('from 8.8.8.8,', 'from [IP],', 'ip');
  });

  it('leaves version numbers, prices and out-of-range octets', () => {
    untouched('版本 v1.2.3.4 和 1.2.3, version 2.0.1.3, 固件版本：1.0.0.12');
    untouched('256.1.1.1 不是IP');
    untouched('价格 3.99 元, 日期 2024.05.12');
    untouched('1.2.3.4.5');
  });
});

describe('maskPii: Chinese addresses', () => {
  it('masks a full address down to the room', () => {
    masks('收货地址：北京市朝阳区建国路88号2单元301室，放门口就行', '收货地址：[ADDRESS]，放门口就行', 'address');
  });

  it('keeps the words in front of the address', () => {
    masks('我住在上海市浦东新区张江镇碧波路690号', '我住在[ADDRESS]', 'address');
    masks('寄到广东省深圳市南山区阳光小区5栋1单元1202', '寄到[ADDRESS]', 'address');
  });

  it('accepts spaces around the door number and a community with building details', () => {
    masks('地址 杭州市西湖区文三路 478 号', '地址 [ADDRESS]', 'address');
    masks('送到翠湖花园3号楼2单元502室谢谢', '送到[ADDRESS]谢谢', 'address');
  });

  it('leaves coarse locations and everyday uses of 路, 号 and 室', () => {
    untouched('北京市朝阳区的天气不错');
    untouched('坐88路公交到3号线，很方便');
    untouched('双11那天买的，5号到货');
    untouched('放在室内使用，两室一厅刚好');
    untouched('型号是3号色');
  });
});

describe('maskPii: English addresses', () => {
  it('masks title-case street addresses with unit, city, state and ZIP', () => {
    masks('Ship to 123 Main St, Apt 4 please', 'Ship to [ADDRESS] please', 'address');
    masks('1600 Pennsylvania Ave NW, Washington, DC 20500', '[ADDRESS]', 'address');
    masks('deliver to 42 Elm Street.', 'deliver to [ADDRESS].', 'address');
  });

  it('masks the premise before the street and the locality after it, down to the postcode and country', () => {
    masks(
      'Room 1203, Building 5, 88 Jianguo Road, Chaoyang District, Beijing 100022, China. Call first',
      '[ADDRESS]. Call first',
      'address',
    );
    masks('Send it to Flat 3B, 12 Baker Street, London NW1 6XE, UK thanks', 'Send it to [ADDRESS] thanks', 'address');
    masks('addr: Unit 7, 3rd Floor, 690 Bibo Road, Pudong New Area, Shanghai, China', 'addr: [ADDRESS]', 'address');
    masks(
      'Suite 210, 500 Oak Avenue, Springfield County, IL 62704 - leave at door',
      '[ADDRESS] - leave at door',
      'address',
    );
  });

  it('keeps ordinary words that follow an address', () => {
    masks('deliver to 42 Elm Street, Great service!', 'deliver to [ADDRESS], Great service!', 'address');
    masks('I live at 5 King Road, Zhang Wei said so', 'I live at [ADDRESS], Zhang Wei said so', 'address');
  });

  it('masks lower-case addresses only when a unit or ZIP code follows', () => {
    masks('ship to 9 oak rd apt 2b thanks', 'ship to [ADDRESS] thanks', 'address');
    untouched('I bought 3 pcs way too small');
    untouched('2 bottles drive me crazy');
  });
});

describe('maskPii: ordinary numbers survive', () => {
  it('does not touch prices, quantities, dates, models and short order numbers', () => {
    untouched('¥199 买了 iPhone 15 Pro 256GB，2024-05-12 下单，订单号20240512123');
    untouched('价格13800元，买了3件，500ml装，优惠码 A1B2C3');
    untouched('Galaxy S24 Ultra 12GB+512GB 到手价 $1,299.99');
    untouched('尺码42码，身高175cm，体重70kg');
  });

  it('masks several kinds in one text and counts each', () => {
    const r = maskPii(
      '张三 13812345678 zhangsan@163.com 身份证11010519491231002X 卡6222021234567890128 电话13912345678',
    );
    assert.equal(r.text, '张三 [PHONE] [EMAIL] 身份证[ID] 卡[CARD] 电话[PHONE]');
    assert.deepEqual(
      [...r.found].sort((a, b) => a.kind.localeCompare(b.kind)),
      [
        { kind: 'card', count: 1 },
        { kind: 'email', count: 1 },
        { kind: 'id', count: 1 },
        { kind: 'phone', count: 2 },
      ],
    );
  });

  it('returns empty results for empty input', () => {
    assert.deepEqual(maskPii(''), { text: '', found: [] });
  });
});

describe('maskPii: adversarial input stays fast', () => {
  it('handles 2000-character runs built to make the patterns backtrack', () => {
    const inputs = [
      `${'北京市朝阳区'.repeat(330)}路1号`,
      `${'北京市朝阳区张江镇阳光小区'.repeat(150)}1单元`,
      `${'朝阳区建国路8'.repeat(300)}号`,
      '1单元2栋3层'.repeat(300),
      '1'.repeat(2000),
      '1234 '.repeat(400),
      `${'a.'.repeat(1000)}@b.c`,
      `${'123 Main '.repeat(220)}St`,
      '1.'.repeat(1000),
    ];
    const started = process.hrtime.bigint();
    for (const input of inputs) maskPii(input);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 1500, `took ${elapsedMs} ms`);
  });
});

describe('maskPii: forms masked whole', () => {
  it('phones: dotted mobiles and any country in international form', () => {
    masks('手机 138.1234.5678 联系', '手机 [PHONE] 联系', 'phone');
    masks('call +44 20 7946 0958 please', 'call [PHONE] please', 'phone');
    masks('HK +852 2123 4567, TW +886 912 345 678', 'HK [PHONE], TW [PHONE]', 'phone', 2);
    untouched('评分 +5 分，好评 +1');
  });

  it('e-mail typed with the full-width ＠ of a Chinese keyboard', () => {
    masks('邮箱abc＠qq.com谢谢', '邮箱[EMAIL]谢谢', 'email');
  });

  it('ID numbers: Hong Kong identity cards (checked), passports after the word, US SSNs', () => {
    masks('香港身份证A123456(3)', '香港身份证[ID]', 'id');
    untouched('型号A123456(4)'); // wrong check digit
    masks('护照号E12345678，请核对', '护照号[ID]，请核对', 'id');
    masks('passport: G1234567 thanks', 'passport: [ID] thanks', 'id');
    untouched('型号E12345678'); // no passport word: a model number
    masks('SSN 123-45-6789', 'SSN [ID]', 'id');
    untouched('code 000-12-3456 and 900-12-3456'); // never issued
  });

  it('Chinese addresses with door numbers in Chinese numerals or building codes with a dash', () => {
    masks('寄到北京市朝阳区建国路八十八号', '寄到[ADDRESS]', 'address');
    masks('深圳市南山区科技园R2-B栋3楼前台', '深圳市南山区科技园[ADDRESS]前台', 'address');
  });

  it('English addresses: house numbers with a letter and PO boxes with their town', () => {
    masks('deliver to 221B Baker Street', 'deliver to [ADDRESS]', 'address');
    masks('mail to PO Box 1234, Springfield, IL 62704 please', 'mail to [ADDRESS] please', 'address');
    masks('P.O. Box 88', '[ADDRESS]', 'address');
  });
});
