import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';
import { ATTRIBUTES } from '../vocab/attributes.js';
import {
  CHITCHAT,
  DIALOG_PHRASES,
  PRODUCT_QUESTIONS,
  type DialogIntent,
  type TurnIntent,
} from '../vocab/dialog-phrases.js';
import type { TextLanguage } from './search.js';

export interface DialogTurnDraft {
  role: 'customer' | 'agent';
  text: string;
  /** Set on customer turns. */
  intent?: TurnIntent;
  /** Milliseconds after the previous turn. */
  delayMs: number;
}

export interface ConversationDraft {
  intent: DialogIntent;
  language: TextLanguage;
  turns: DialogTurnDraft[];
}

export type ConversationStage = 'pre_purchase' | 'post_purchase';

const SIZED = new Set(['size', 'shoeSize', 'diaperSize']);

function hasSize(item: SimItem): boolean {
  return item.attributes.some((a) => SIZED.has(a.id));
}

/** Before buying people ask; after buying they chase parcels, return, and complain when unhappy. */
export function chooseIntent(stage: ConversationStage, item: SimItem, unhappy: boolean, random: Random): DialogIntent {
  const sized = hasSize(item);
  const weights: [DialogIntent, number][] =
    stage === 'pre_purchase'
      ? [
          ['product_question', 0.4],
          ['size', sized ? 0.35 : 0],
          ['price', 0.3],
          ['shipping', 0.05],
        ]
      : [
          ['shipping', 0.35],
          ['return', unhappy ? 0.3 : 0.12],
          ['complaint', unhappy ? 0.35 : 0.05],
          ['size', sized ? 0.12 : 0],
          ['product_question', 0.1],
          ['price', 0.08],
        ];
  return weights[random.weightedIndex(weights.map(([, w]) => w))]![0];
}

function fillItem(template: string, item: SimItem): string {
  const named = item.attributes.find((a) => ATTRIBUTES[a.id].title !== 'none') ?? item.attributes[0];
  return template.replace('{leaf}', item.leaf.leaf[0]).replace('{value}', named?.value[0] ?? '其他颜色');
}

const thinking = (random: Random) => random.int(8_000, 90_000);

export function draftConversation(
  intent: DialogIntent,
  item: SimItem,
  englishShare: number,
  random: Random,
): ConversationDraft {
  const phrases = DIALOG_PHRASES[intent];
  const language: TextLanguage = random.chance(englishShare) ? 'en' : 'zh';
  const turns: DialogTurnDraft[] = [];
  const customer = (text: string, turnIntent: TurnIntent) =>
    turns.push({ role: 'customer', text, intent: turnIntent, delayMs: thinking(random) });
  const agent = (text: string) => turns.push({ role: 'agent', text, delayMs: random.int(5_000, 60_000) });

  if (random.chance(0.35)) {
    customer(random.pick(CHITCHAT.opening), 'chitchat');
    agent(random.pick(CHITCHAT.agentGreeting));
  }
  const asks = intent === 'product_question' ? [...phrases.ask, ...PRODUCT_QUESTIONS[item.top.key]] : phrases.ask;
  customer(fillItem(random.pick(language === 'en' ? phrases.askEn : asks), item), intent);
  agent(random.pick(phrases.answer));
  if (random.chance(0.5)) {
    customer(random.pick(phrases.followUp), intent);
    agent(random.pick(phrases.answer));
  }
  if (random.chance(0.4)) {
    customer(random.pick(CHITCHAT.closing), 'chitchat');
    if (random.chance(0.5)) agent(random.pick(CHITCHAT.agentClosing));
  }
  turns[0]!.delayMs = 0;
  return { intent, language, turns };
}
