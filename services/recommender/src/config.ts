import {
  checkPlatformFields,
  env,
  evenAfterFieldErrors,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { type Arm, parseArms } from './domain/arms.js';

const integer = (fallback: number) =>
  z.coerce.number({ message: 'expected a number' }).int('expected a whole number').default(fallback);

const arms = z
  .string()
  .default('control:learned:100')
  .transform((spec, ctx) => {
    try {
      return parseArms(spec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const schema = z
  .object({
    ...serviceFields({ httpPort: 8086 }),
    ...grpcFields({ grpcPort: 50056 }),
    ...kafkaFields,
    /** A/B arms as name:variant:weight, comma-separated; variant "learned" (the chosen ranker) or "fusion". */
    RECOMMENDER_AB_ARMS: arms,
    /** Changing the salt reshuffles users across arms. */
    RECOMMENDER_AB_SALT: z.string().min(1).default('recs-ab-1'),
    /** The synthetic shop the local demo's first model is trained on (until the shop's own history is wired in). */
    RECOMMENDER_BOOTSTRAP_SEED: integer(42),
    RECOMMENDER_BOOTSTRAP_USERS: env.positiveInt(400),
    RECOMMENDER_BOOTSTRAP_ITEMS: env.positiveInt(300),
    RECOMMENDER_BOOTSTRAP_DAYS: env.positiveInt(28),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type RecommenderEnv = z.output<typeof schema>;

export interface RecommenderConfig {
  env: RecommenderEnv;
  arms: Arm[];
  bootstrap: { seed: number; users: number; items: number; days: number };
}

export function loadRecommenderConfig(environment: Environment): RecommenderConfig {
  const values = parseConfig(schema, environment);
  return {
    env: values,
    arms: values.RECOMMENDER_AB_ARMS,
    bootstrap: {
      seed: values.RECOMMENDER_BOOTSTRAP_SEED,
      users: values.RECOMMENDER_BOOTSTRAP_USERS,
      items: values.RECOMMENDER_BOOTSTRAP_ITEMS,
      days: values.RECOMMENDER_BOOTSTRAP_DAYS,
    },
  };
}
