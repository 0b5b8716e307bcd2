/** Attribute vocabulary shared by the catalog: Chinese key and values with English twins. */

export type Term = readonly [zh: string, en: string];

/** Where an attribute shows up in a title: folded into the name, appended as a spec, or not at all. */
export type TitleRole = 'adjective' | 'spec' | 'none';

export interface AttributeSpec {
  key: string;
  keyEn: string;
  values: readonly Term[];
  title: TitleRole;
  /** Description phrase; `{}` is replaced by the Chinese value. */
  describe: string;
}

const spec = (
  key: string,
  keyEn: string,
  title: TitleRole,
  describe: string,
  values: readonly Term[],
): AttributeSpec => ({
  key,
  keyEn,
  values,
  title,
  describe,
});

const same = (...values: string[]): Term[] => values.map((v) => [v, v] as const);

export const ATTRIBUTES = {
  color: spec('颜色', 'color', 'spec', '{}款', [
    ['黑色', 'Black'],
    ['白色', 'White'],
    ['红色', 'Red'],
    ['藏青色', 'Navy'],
    ['米色', 'Beige'],
    ['粉色', 'Pink'],
    ['灰色', 'Grey'],
    ['绿色', 'Green'],
    ['蓝色', 'Blue'],
  ]),
  size: spec('尺码', 'size', 'none', '{}码', same('S', 'M', 'L', 'XL', 'XXL')),
  shoeSize: spec('鞋码', 'shoe size', 'none', '{}码', same('36', '37', '38', '39', '40', '41', '42', '43', '44')),
  fabric: spec('材质', 'material', 'adjective', '采用{}面料', [
    ['纯棉', 'Cotton'],
    ['亚麻', 'Linen'],
    ['真丝', 'Silk'],
    ['羊毛', 'Wool'],
    ['涤纶', 'Polyester'],
    ['牛仔布', 'Denim'],
  ]),
  season: spec('季节', 'season', 'adjective', '适合{}穿着', [
    ['春季', 'Spring'],
    ['夏季', 'Summer'],
    ['秋冬', 'Autumn-Winter'],
    ['四季', 'All-Season'],
  ]),
  style: spec('风格', 'style', 'adjective', '{}风格', [
    ['修身', 'Slim-Fit'],
    ['宽松', 'Loose-Fit'],
    ['复古', 'Vintage'],
    ['简约', 'Minimalist'],
    ['韩版', 'Korean-Style'],
    ['商务', 'Business'],
  ]),
  storage: spec('存储容量', 'storage', 'spec', '存储容量{}', same('128GB', '256GB', '512GB', '1TB')),
  connectivity: spec('连接方式', 'connectivity', 'adjective', '{}连接', [
    ['蓝牙', 'Bluetooth'],
    ['无线', 'Wireless'],
    ['有线', 'Wired'],
    ['Type-C', 'Type-C'],
  ]),
  gadgetFeature: spec('功能', 'feature', 'adjective', '支持{}', [
    ['降噪', 'Noise-Cancelling'],
    ['快充', 'Fast-Charging'],
    ['防水', 'Waterproof'],
    ['长续航', 'Long Battery Life'],
    ['轻薄', 'Ultra-Thin'],
  ]),
  volume: spec('容量', 'volume', 'spec', '容量{}', same('30ml', '50ml', '100ml', '200ml', '400ml')),
  skin: spec('适用肤质', 'skin type', 'none', '适合{}', [
    ['干性肌肤', 'dry skin'],
    ['油性肌肤', 'oily skin'],
    ['敏感肌', 'sensitive skin'],
    ['混合肌', 'combination skin'],
    ['所有肤质', 'all skin types'],
  ]),
  effect: spec('功效', 'effect', 'adjective', '主打{}', [
    ['保湿', 'Moisturizing'],
    ['美白', 'Brightening'],
    ['控油', 'Oil-Control'],
    ['抗皱', 'Anti-Wrinkle'],
    ['修护', 'Repairing'],
  ]),
  shade: spec('色号', 'shade', 'spec', '{}色号', [
    ['正红色', 'Classic Red'],
    ['豆沙色', 'Rose Nude'],
    ['橘色', 'Orange'],
    ['自然色', 'Natural'],
    ['象牙白', 'Ivory'],
  ]),
  weight: spec('净含量', 'net weight', 'spec', '净含量{}', same('250g', '500g', '1kg', '2.5kg', '5kg')),
  flavor: spec('口味', 'flavor', 'adjective', '{}口味', [
    ['原味', 'Original'],
    ['麻辣', 'Spicy'],
    ['五香', 'Five-Spice'],
    ['抹茶', 'Matcha'],
    ['蜂蜜', 'Honey'],
    ['海盐', 'Sea Salt'],
  ]),
  origin: spec('产地', 'origin', 'adjective', '产地{}', [
    ['云南', 'Yunnan'],
    ['新疆', 'Xinjiang'],
    ['东北', 'Northeast'],
    ['福建', 'Fujian'],
    ['进口', 'Imported'],
  ]),
  material: spec('材质', 'material', 'adjective', '{}材质', [
    ['纯棉', 'Cotton'],
    ['不锈钢', 'Stainless Steel'],
    ['陶瓷', 'Ceramic'],
    ['竹制', 'Bamboo'],
    ['实木', 'Solid Wood'],
    ['硅胶', 'Silicone'],
  ]),
  bedSize: spec('尺寸', 'size', 'spec', '适用{}', [
    ['1.5m床', '1.5m Bed'],
    ['1.8m床', '1.8m Bed'],
    ['2.0m床', '2.0m Bed'],
  ]),
  capacity: spec('容量', 'capacity', 'spec', '容量{}', same('500ml', '1L', '2L')),
  load: spec('重量', 'weight', 'spec', '单只{}', same('2.5kg', '5kg', '10kg', '15kg', '20kg')),
  gender: spec('适用人群', 'fit', 'adjective', '{}设计', [
    ['男款', "Men's"],
    ['女款', "Women's"],
    ['中性', 'Unisex'],
  ]),
  sportFeature: spec('功能', 'feature', 'adjective', '{}设计', [
    ['透气', 'Breathable'],
    ['减震', 'Cushioned'],
    ['防滑', 'Anti-Slip'],
    ['轻量', 'Lightweight'],
    ['耐磨', 'Durable'],
  ]),
  age: spec('适用年龄', 'age', 'none', '适用{}宝宝', [
    ['0-6个月', '0-6 months'],
    ['6-12个月', '6-12 months'],
    ['1-3岁', '1-3 years'],
  ]),
  diaperSize: spec('尺码', 'size', 'spec', '{}码', same('NB', 'S', 'M', 'L', 'XL')),
} as const satisfies Record<string, AttributeSpec>;

export type AttributeId = keyof typeof ATTRIBUTES;
