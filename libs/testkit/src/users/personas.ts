import type { BrandTier, TopCategoryKey } from '../vocab/categories.js';

export type PersonaName =
  | 'bargain_hunter'
  | 'brand_loyal'
  | 'explorer'
  | 'mom_and_baby'
  | 'tech_enthusiast'
  | 'beauty_lover'
  | 'fitness_fan';

export interface PersonaSpec {
  name: PersonaName;
  /** How the shop's operators would describe the segment. */
  labelZh: string;
  /** Relative share of users. */
  share: number;
  /** Interest per top category; unlisted categories get 0.3. */
  affinity: Partial<Record<TopCategoryKey, number>>;
  /** Price tier the taste leans towards, if any. */
  tierLean?: BrandTier;
  sessionsPerDay: number;
  /** Weight of log(relative price) against an item: high = shies away from dear items. */
  priceSensitivity: number;
  /** Score bonus for the user's favourite brands. */
  brandLoyalty: number;
  /** Chance a browsed item is picked by popularity alone, ignoring taste. */
  exploration: number;
  /** Chance a session starts with a search. */
  searchRate: number;
  /** Mean extra item views per session. */
  browseDepth: number;
  /** Multiplier on the chance a viewed item goes to the cart. */
  conversion: number;
  /** Chance a session with a non-empty cart ends in an order. */
  checkoutRate: number;
  /** Chance a purchased line gets a review. */
  reviewRate: number;
  /** Multiplier on the chance of contacting customer service. */
  contactRate: number;
  /** Multiplier on how much promotions attract. */
  promoAffinity: number;
  /** Share of queries and reviews written in English. */
  englishShare: number;
}

export const PERSONAS: readonly PersonaSpec[] = [
  {
    name: 'bargain_hunter',
    labelZh: '价格敏感型',
    share: 0.2,
    affinity: { food: 1.3, home: 1.1, apparel: 1, beauty: 0.7 },
    tierLean: 'budget',
    sessionsPerDay: 0.45,
    priceSensitivity: 1.6,
    brandLoyalty: 0,
    exploration: 0.1,
    searchRate: 0.35,
    browseDepth: 5,
    conversion: 1.05,
    checkoutRate: 0.5,
    reviewRate: 0.3,
    contactRate: 1.2,
    promoAffinity: 2.2,
    englishShare: 0.04,
  },
  {
    name: 'brand_loyal',
    labelZh: '品牌忠诚型',
    share: 0.14,
    affinity: { apparel: 1.2, beauty: 1, electronics: 1 },
    tierLean: 'premium',
    sessionsPerDay: 0.35,
    priceSensitivity: 0.3,
    brandLoyalty: 2.2,
    exploration: 0.03,
    searchRate: 0.4,
    browseDepth: 4,
    conversion: 1.25,
    checkoutRate: 0.55,
    reviewRate: 0.35,
    contactRate: 0.8,
    promoAffinity: 1,
    englishShare: 0.08,
  },
  {
    name: 'explorer',
    labelZh: '闲逛探索型',
    share: 0.18,
    affinity: { apparel: 0.8, electronics: 0.8, beauty: 0.8, food: 0.8, home: 0.8, sports: 0.8, baby: 0.5 },
    sessionsPerDay: 0.6,
    priceSensitivity: 0.7,
    brandLoyalty: 0,
    exploration: 0.35,
    searchRate: 0.2,
    browseDepth: 8,
    conversion: 0.7,
    checkoutRate: 0.4,
    reviewRate: 0.15,
    contactRate: 0.7,
    promoAffinity: 1.3,
    englishShare: 0.06,
  },
  {
    name: 'mom_and_baby',
    labelZh: '宝妈型',
    share: 0.14,
    affinity: { baby: 3, home: 1.2, food: 1, beauty: 0.6 },
    sessionsPerDay: 0.5,
    priceSensitivity: 0.9,
    brandLoyalty: 0.8,
    exploration: 0.05,
    searchRate: 0.35,
    browseDepth: 5,
    conversion: 1.15,
    checkoutRate: 0.5,
    reviewRate: 0.4,
    contactRate: 1.3,
    promoAffinity: 1.5,
    englishShare: 0.03,
  },
  {
    name: 'tech_enthusiast',
    labelZh: '数码发烧友',
    share: 0.13,
    affinity: { electronics: 3, sports: 0.6 },
    tierLean: 'premium',
    sessionsPerDay: 0.5,
    priceSensitivity: 0.4,
    brandLoyalty: 0.6,
    exploration: 0.08,
    searchRate: 0.5,
    browseDepth: 6,
    conversion: 0.85,
    checkoutRate: 0.45,
    reviewRate: 0.35,
    contactRate: 1,
    promoAffinity: 1,
    englishShare: 0.3,
  },
  {
    name: 'beauty_lover',
    labelZh: '美妆达人',
    share: 0.12,
    affinity: { beauty: 3, apparel: 1.2 },
    sessionsPerDay: 0.5,
    priceSensitivity: 0.7,
    brandLoyalty: 1,
    exploration: 0.08,
    searchRate: 0.4,
    browseDepth: 6,
    conversion: 1.1,
    checkoutRate: 0.5,
    reviewRate: 0.45,
    contactRate: 1,
    promoAffinity: 1.4,
    englishShare: 0.1,
  },
  {
    name: 'fitness_fan',
    labelZh: '运动健身型',
    share: 0.09,
    affinity: { sports: 3, food: 0.9, apparel: 0.8 },
    sessionsPerDay: 0.4,
    priceSensitivity: 0.8,
    brandLoyalty: 0.7,
    exploration: 0.08,
    searchRate: 0.4,
    browseDepth: 5,
    conversion: 1,
    checkoutRate: 0.5,
    reviewRate: 0.3,
    contactRate: 0.9,
    promoAffinity: 1.2,
    englishShare: 0.12,
  },
];

export const PERSONA_NAMES: readonly PersonaName[] = PERSONAS.map((p) => p.name);
