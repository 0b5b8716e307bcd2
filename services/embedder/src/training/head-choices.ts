import type { FeatureSet } from '../domain/head-features.js';
import type { HeadTask } from '../domain/head-artifact.js';
import { glossSwitched, glossTable } from './gloss-switching.js';
import type { HeadTrainingOptions, LabelledText } from './train-head.js';

/** What each head reads beside the text's vector. */
export const DEFAULT_HEAD_FEATURES: Record<HeadTask, FeatureSet> = {
  sentiment: 'embedding+lexicon-v3',
  intent: 'embedding+subwords',
};

/**
 * The expert multiplied into each head: a model on general vocabulary alone (sentiment: the
 * lexicon and word polarity; intent: the intent lexicon), which means the same in the shop's texts
 * and in texts phrased unlike them, where the vector and subword model leans on the shop's own words.
 */
export const DEFAULT_HEAD_EXPERTS: Partial<Record<HeadTask, FeatureSet>> = {
  sentiment: 'lexicon-v3',
  intent: 'intent-lexicon-v1',
};

/** Per-head training choices beside the defaults (trainBootstrapModels' options; the DEV sweep tries them). */
export interface HeadChoices {
  features?: Partial<Record<HeadTask, FeatureSet>>;
  /** null: no expert. */
  experts?: Partial<Record<HeadTask, FeatureSet | null>>;
  /** Members fitted per head (train-head.ts `members`, default 1): the first is the head, the others kept apart. */
  members?: Partial<Record<HeadTask, number>>;
  /** Label smoothing of each head's own model (train-head.ts `labelSmoothing`, default 0). */
  labelSmoothing?: Partial<Record<HeadTask, number>>;
  /** Heads whose expert weight is fitted on the validation share (train-head.ts `fitExpertWeight`). */
  fitExpertWeight?: Partial<Record<HeadTask, boolean>>;
  /** A stacked model's features per head (train-head.ts `stacked`, e.g. `subwords`); default none. */
  stacked?: Partial<Record<HeadTask, FeatureSet>>;
  /** Heads trained beside gloss-switched copies of their training share (gloss-switching.ts); default none. */
  glossCopies?: Partial<Record<HeadTask, boolean>>;
}

/** trainHead's options for a task's head from the choices (the examples' priors and copies aside). */
export function headOptions(task: HeadTask, choices: HeadChoices, seed: number): HeadTrainingOptions {
  const expert = choices.experts?.[task] === undefined ? DEFAULT_HEAD_EXPERTS[task] : choices.experts[task];
  const stacked = choices.stacked?.[task];
  return {
    features: choices.features?.[task] ?? DEFAULT_HEAD_FEATURES[task],
    seed,
    ...(choices.members?.[task] === undefined ? {} : { members: choices.members[task] }),
    labelSmoothing: choices.labelSmoothing?.[task] ?? 0,
    fitExpertWeight: choices.fitExpertWeight?.[task] ?? false,
    ...(stacked ? { stacked } : {}),
    ...(expert ? { expert } : {}),
  };
}

/** Gloss-switched copies of the examples of each task chosen (none chosen: the dictionary is not read). */
export function glossCopiesOf(
  choices: HeadChoices,
  examples: Record<HeadTask, readonly LabelledText[]>,
): Partial<Record<HeadTask, { source: number[]; examples: LabelledText[] }>> {
  const tasks = (['sentiment', 'intent'] as const).filter((task) => choices.glossCopies?.[task]);
  if (tasks.length === 0) return {};
  const table = glossTable();
  return Object.fromEntries(
    tasks.map((task) => {
      const made = { source: [] as number[], examples: [] as LabelledText[] };
      examples[task].forEach((example, i) => {
        const text = glossSwitched(example.text, table);
        if (text === undefined) return;
        made.source.push(i);
        made.examples.push({ text, label: example.label });
      });
      return [task, made];
    }),
  );
}
