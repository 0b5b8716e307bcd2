import type { AttributeId, Term } from './attributes.js';

export type TopCategoryKey = 'apparel' | 'electronics' | 'beauty' | 'food' | 'home' | 'sports' | 'baby';

export type BrandTier = 'budget' | 'mid' | 'premium';

export interface BrandSpec {
  name: Term;
  tier: BrandTier;
}

export interface LeafCategorySpec {
  mid: Term;
  leaf: Term;
  /** Values that replace the shared vocabulary for this leaf (tea comes in 250g, not 5kg). */
  values?: Partial<Record<AttributeId, readonly Term[]>>;
  /** Typical price range in CNY before the brand tier is applied. */
  price: readonly [number, number];
  attributes: readonly AttributeId[];
  /** Selling points for descriptions. */
  points: readonly string[];
  /** Largest quantity a shopper plausibly buys at once. */
  maxQuantity: number;
}

export interface TopCategorySpec {
  key: TopCategoryKey;
  name: Term;
  brands: readonly BrandSpec[];
  leaves: readonly LeafCategorySpec[];
}

const brand = (zh: string, en: string, tier: BrandTier): BrandSpec => ({ name: [zh, en], tier });
const leaf = (
  mid: Term,
  name: Term,
  price: readonly [number, number],
  attributes: readonly AttributeId[],
  points: readonly string[],
  maxQuantity = 2,
  values?: LeafCategorySpec['values'],
): LeafCategorySpec => ({ mid, leaf: name, price, attributes, points, maxQuantity, ...(values ? { values } : {}) });

const grams = (...values: string[]): Term[] => values.map((v) => [v, v] as const);

const WOMEN: Term = ['女装', "Women's Clothing"];
const MEN: Term = ['男装', "Men's Clothing"];
const SHOES: Term = ['鞋靴', 'Shoes'];
const PHONES: Term = ['手机通讯', 'Phones'];
const AUDIO: Term = ['影音娱乐', 'Audio'];
const COMPUTERS: Term = ['电脑办公', 'Computers'];
const SKINCARE: Term = ['护肤', 'Skincare'];
const MAKEUP: Term = ['彩妆', 'Makeup'];
const PERSONAL: Term = ['个人护理', 'Personal Care'];
const SNACKS: Term = ['休闲零食', 'Snacks'];
const DRINKS: Term = ['茶饮冲调', 'Drinks'];
const STAPLES: Term = ['粮油调味', 'Staples'];
const BEDDING: Term = ['床上用品', 'Bedding'];
const KITCHEN: Term = ['厨房用品', 'Kitchen'];
const STORAGE: Term = ['收纳整理', 'Storage'];
const SPORTSWEAR: Term = ['运动鞋服', 'Sportswear'];
const FITNESS: Term = ['健身器材', 'Fitness'];
const OUTDOOR: Term = ['户外装备', 'Outdoor'];
const DIAPERS: Term = ['尿裤湿巾', 'Diapers & Wipes'];
const FEEDING: Term = ['喂养用品', 'Feeding'];
const KIDSWEAR: Term = ['童装童鞋', 'Kids Clothing'];

export const CATEGORIES: readonly TopCategorySpec[] = [
  {
    key: 'apparel',
    name: ['服装', 'Apparel'],
    brands: [
      brand('素语', 'Suyu', 'mid'),
      brand('城野', 'Urbanwild', 'mid'),
      brand('布衣记', 'Buyiji', 'budget'),
      brand('蔓尼', 'Manni', 'premium'),
    ],
    leaves: [
      leaf(
        WOMEN,
        ['连衣裙', 'Dress'],
        [89, 599],
        ['color', 'size', 'fabric', 'season', 'style'],
        ['显瘦百搭', '轻薄透气', '做工精细'],
      ),
      leaf(
        WOMEN,
        ['衬衫', 'Blouse'],
        [69, 399],
        ['color', 'size', 'fabric', 'style'],
        ['通勤百搭', '垂感好', '不易起皱'],
      ),
      leaf(
        MEN,
        ['T恤', 'T-Shirt'],
        [39, 199],
        ['color', 'size', 'fabric', 'style'],
        ['吸汗透气', '不变形', '基础百搭'],
        3,
      ),
      leaf(
        MEN,
        ['夹克', 'Jacket'],
        [199, 899],
        ['color', 'size', 'fabric', 'season', 'style'],
        ['防风保暖', '版型挺括', '多口袋设计'],
      ),
      leaf(MEN, ['牛仔裤', 'Jeans'], [99, 499], ['color', 'size', 'style'], ['弹力舒适', '不掉色', '直筒显腿长']),
      leaf(
        SHOES,
        ['休闲鞋', 'Casual Shoes'],
        [129, 699],
        ['color', 'shoeSize', 'style'],
        ['脚感柔软', '百搭耐穿', '防滑鞋底'],
      ),
    ],
  },
  {
    key: 'electronics',
    name: ['数码', 'Electronics'],
    brands: [
      brand('声悦', 'SoundJoy', 'mid'),
      brand('极客派', 'GeekPai', 'premium'),
      brand('星驰', 'Starride', 'mid'),
      brand('米果', 'Migo', 'budget'),
    ],
    leaves: [
      leaf(
        PHONES,
        ['智能手机', 'Smartphone'],
        [999, 6999],
        ['color', 'storage', 'gadgetFeature'],
        ['拍照清晰', '运行流畅', '大屏护眼'],
        1,
        {
          gadgetFeature: [
            ['快充', 'Fast-Charging'],
            ['防水', 'Waterproof'],
            ['长续航', 'Long Battery Life'],
            ['轻薄', 'Ultra-Thin'],
          ],
        },
      ),
      leaf(
        PHONES,
        ['充电器', 'Charger'],
        [29, 199],
        ['color', 'connectivity', 'gadgetFeature'],
        ['多重保护', '小巧便携', '兼容多设备'],
        3,
        {
          gadgetFeature: [
            ['快充', 'Fast-Charging'],
            ['氮化镓', 'GaN'],
          ],
        },
      ),
      leaf(
        AUDIO,
        ['蓝牙耳机', 'Bluetooth Earbuds'],
        [99, 1499],
        ['color', 'connectivity', 'gadgetFeature'],
        ['音质清晰', '佩戴舒适', '低延迟'],
        2,
        {
          gadgetFeature: [
            ['降噪', 'Noise-Cancelling'],
            ['长续航', 'Long Battery Life'],
            ['防水', 'Waterproof'],
          ],
        },
      ),
      leaf(
        AUDIO,
        ['音箱', 'Speaker'],
        [149, 1999],
        ['color', 'connectivity', 'gadgetFeature'],
        ['低音浑厚', '环绕立体声', '语音控制'],
        2,
        {
          gadgetFeature: [
            ['防水', 'Waterproof'],
            ['长续航', 'Long Battery Life'],
          ],
        },
      ),
      leaf(
        COMPUTERS,
        ['笔记本电脑', 'Laptop'],
        [2999, 12999],
        ['color', 'storage', 'gadgetFeature'],
        ['性能强劲', '散热好', '屏幕细腻'],
        1,
        {
          gadgetFeature: [
            ['轻薄', 'Ultra-Thin'],
            ['长续航', 'Long Battery Life'],
            ['快充', 'Fast-Charging'],
          ],
        },
      ),
      leaf(
        COMPUTERS,
        ['机械键盘', 'Mechanical Keyboard'],
        [149, 899],
        ['color', 'connectivity'],
        ['手感清脆', 'RGB背光', '全键无冲'],
      ),
    ],
  },
  {
    key: 'beauty',
    name: ['美妆', 'Beauty'],
    brands: [
      brand('花漾', 'Huayang', 'mid'),
      brand('水研', 'AquaLab', 'premium'),
      brand('素颜', 'PureFace', 'budget'),
      brand('兰芝雅', 'Lanzhiya', 'premium'),
    ],
    leaves: [
      leaf(
        SKINCARE,
        ['面霜', 'Face Cream'],
        [69, 899],
        ['volume', 'skin', 'effect'],
        ['质地清爽', '好吸收', '温和不刺激'],
      ),
      leaf(SKINCARE, ['精华液', 'Serum'], [99, 1299], ['volume', 'skin', 'effect'], ['成分安全', '吸收快', '提亮肤色']),
      leaf(SKINCARE, ['面膜', 'Sheet Mask'], [39, 299], ['skin', 'effect'], ['补水明显', '服帖不滴水', '贴片柔软'], 5),
      leaf(MAKEUP, ['口红', 'Lipstick'], [59, 399], ['shade', 'effect'], ['显白', '不拔干', '持久不脱色'], 3),
      leaf(
        MAKEUP,
        ['粉底液', 'Foundation'],
        [89, 599],
        ['volume', 'skin', 'shade'],
        ['遮瑕自然', '轻薄服帖', '持妆控油'],
      ),
      leaf(PERSONAL, ['洗发水', 'Shampoo'], [29, 199], ['volume', 'effect'], ['去屑止痒', '香味持久', '蓬松柔顺'], 4),
    ],
  },
  {
    key: 'food',
    name: ['食品', 'Food'],
    brands: [
      brand('山野', 'Wildhill', 'mid'),
      brand('三只熊', 'ThreeBears', 'mid'),
      brand('农家乐', 'Farmjoy', 'budget'),
      brand('臻选', 'Zhenxuan', 'premium'),
    ],
    leaves: [
      leaf(
        SNACKS,
        ['坚果', 'Mixed Nuts'],
        [29, 199],
        ['weight', 'flavor', 'origin'],
        ['颗粒饱满', '每日一包', '独立小包装'],
        6,
        { weight: grams('250g', '500g', '1kg') },
      ),
      leaf(
        SNACKS,
        ['牛肉干', 'Beef Jerky'],
        [39, 159],
        ['weight', 'flavor', 'origin'],
        ['肉质紧实', '越嚼越香', '办公室零食'],
        6,
        { weight: grams('100g', '250g', '500g') },
      ),
      leaf(SNACKS, ['饼干', 'Cookies'], [15, 89], ['weight', 'flavor'], ['酥脆可口', '低糖配方', '早餐搭配'], 8, {
        weight: grams('200g', '500g', '1kg'),
      }),
      leaf(DRINKS, ['茶叶', 'Tea'], [49, 699], ['weight', 'origin'], ['香气浓郁', '回甘明显', '送礼佳品'], 4, {
        weight: grams('100g', '250g', '500g'),
      }),
      leaf(
        DRINKS,
        ['咖啡豆', 'Coffee Beans'],
        [59, 299],
        ['weight', 'origin'],
        ['新鲜烘焙', '油脂丰富', '酸度平衡'],
        4,
        { weight: grams('250g', '500g', '1kg') },
      ),
      leaf(STAPLES, ['大米', 'Rice'], [39, 199], ['weight', 'origin'], ['当季新米', '软糯香甜', '真空包装'], 4, {
        weight: grams('2.5kg', '5kg', '10kg'),
      }),
    ],
  },
  {
    key: 'home',
    name: ['家居', 'Home'],
    brands: [
      brand('木居', 'Mujia', 'mid'),
      brand('家颂', 'Homesong', 'budget'),
      brand('北欧风', 'Nordique', 'premium'),
      brand('简宜', 'Jianyi', 'budget'),
    ],
    leaves: [
      leaf(
        BEDDING,
        ['四件套', 'Bedding Set'],
        [149, 999],
        ['color', 'material', 'bedSize'],
        ['亲肤柔软', '不起球', '印花清晰'],
        2,
        {
          material: [
            ['纯棉', 'Cotton'],
            ['天丝', 'Tencel'],
            ['真丝', 'Silk'],
          ],
        },
      ),
      leaf(BEDDING, ['枕头', 'Pillow'], [59, 399], ['material'], ['护颈支撑', '回弹好', '可机洗'], 4, {
        material: [
          ['乳胶', 'Latex'],
          ['记忆棉', 'Memory Foam'],
          ['荞麦', 'Buckwheat'],
          ['羽绒', 'Down'],
        ],
      }),
      leaf(KITCHEN, ['炒锅', 'Wok'], [99, 799], ['material'], ['不粘涂层', '受热均匀', '燃气电磁炉通用'], 1, {
        material: [
          ['铸铁', 'Cast Iron'],
          ['不锈钢', 'Stainless Steel'],
          ['麦饭石', 'Stone-Coated'],
        ],
      }),
      leaf(
        KITCHEN,
        ['保温杯', 'Thermos Cup'],
        [49, 299],
        ['color', 'material', 'capacity'],
        ['长效保温', '一键开盖', '防漏设计'],
        3,
        {
          material: [
            ['不锈钢', 'Stainless Steel'],
            ['钛', 'Titanium'],
          ],
          capacity: grams('350ml', '500ml', '750ml'),
        },
      ),
      leaf(
        STORAGE,
        ['收纳箱', 'Storage Box'],
        [29, 199],
        ['color', 'material', 'capacity'],
        ['可叠加', '大容量', '防尘防潮'],
        6,
        {
          material: [
            ['塑料', 'Plastic'],
            ['布艺', 'Fabric'],
            ['竹制', 'Bamboo'],
          ],
          capacity: grams('15L', '30L', '50L'),
        },
      ),
    ],
  },
  {
    key: 'sports',
    name: ['运动户外', 'Sports & Outdoors'],
    brands: [brand('迅跑', 'SwiftRun', 'mid'), brand('峰行', 'PeakWalk', 'premium'), brand('动感', 'Dynamo', 'budget')],
    leaves: [
      leaf(
        SPORTSWEAR,
        ['跑步鞋', 'Running Shoes'],
        [199, 1299],
        ['color', 'shoeSize', 'gender', 'sportFeature'],
        ['缓震回弹', '包裹性好', '适合长跑'],
      ),
      leaf(
        SPORTSWEAR,
        ['运动T恤', 'Sports T-Shirt'],
        [59, 299],
        ['color', 'size', 'gender', 'sportFeature'],
        ['速干排汗', '弹力舒适', '反光设计'],
        3,
        {
          sportFeature: [
            ['透气', 'Breathable'],
            ['速干', 'Quick-Dry'],
            ['轻量', 'Lightweight'],
          ],
        },
      ),
      leaf(FITNESS, ['瑜伽垫', 'Yoga Mat'], [49, 399], ['color', 'sportFeature'], ['加厚防滑', '回弹好', '无异味'], 2, {
        sportFeature: [
          ['防滑', 'Anti-Slip'],
          ['加厚', 'Extra-Thick'],
          ['轻量', 'Lightweight'],
        ],
      }),
      leaf(FITNESS, ['哑铃', 'Dumbbells'], [79, 599], ['load'], ['可调节重量', '握感舒适', '包胶静音']),
      leaf(OUTDOOR, ['帐篷', 'Tent'], [199, 1999], ['color', 'sportFeature'], ['搭建快速', '防雨防晒', '通风透气'], 1, {
        sportFeature: [
          ['防雨', 'Rainproof'],
          ['轻量', 'Lightweight'],
          ['速开', 'Instant Setup'],
        ],
      }),
      leaf(
        OUTDOOR,
        ['登山包', 'Hiking Backpack'],
        [149, 999],
        ['color', 'capacity', 'sportFeature'],
        ['背负系统舒适', '多仓分隔', '防泼水面料'],
        1,
        {
          capacity: grams('30L', '40L', '50L'),
        },
      ),
    ],
  },
  {
    key: 'baby',
    name: ['母婴', 'Mother & Baby'],
    brands: [
      brand('贝乐', 'Beile', 'mid'),
      brand('宝贝芯', 'BabyCore', 'premium'),
      brand('小树苗', 'Sapling', 'budget'),
    ],
    leaves: [
      leaf(DIAPERS, ['纸尿裤', 'Diapers'], [59, 259], ['diaperSize', 'age'], ['超薄透气', '不红屁屁', '瞬吸不回渗'], 6),
      leaf(DIAPERS, ['湿巾', 'Baby Wipes'], [19, 99], ['age'], ['无酒精无香精', '加厚柔软', '手口可用'], 10),
      leaf(
        FEEDING,
        ['奶瓶', 'Baby Bottle'],
        [49, 299],
        ['material', 'capacity', 'age'],
        ['防胀气', '宽口易清洗', '耐高温消毒'],
        3,
        {
          material: [
            ['玻璃', 'Glass'],
            ['PPSU', 'PPSU'],
            ['硅胶', 'Silicone'],
          ],
          capacity: grams('150ml', '240ml', '300ml'),
        },
      ),
      leaf(
        FEEDING,
        ['辅食米粉', 'Baby Cereal'],
        [39, 159],
        ['weight', 'age'],
        ['营养均衡', '易冲调', '无添加蔗糖'],
        4,
        { weight: grams('225g', '450g') },
      ),
      leaf(
        KIDSWEAR,
        ['婴儿连体衣', 'Baby Romper'],
        [49, 259],
        ['color', 'age', 'fabric'],
        ['A类面料', '开裆设计', '柔软亲肤'],
        3,
        {
          fabric: [
            ['纯棉', 'Cotton'],
            ['竹纤维', 'Bamboo Fiber'],
            ['有机棉', 'Organic Cotton'],
          ],
        },
      ),
    ],
  },
];

export const TOP_CATEGORY_KEYS: readonly TopCategoryKey[] = CATEGORIES.map((c) => c.key);
