import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { Subscription } from '@demand/bus';
import { LIFECYCLE, LOGGER, type Lifecycle } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { TextModelManager } from '../models/text-model-manager.js';

/**
 * Consumers that need the text models: they subscribe once the models are ready (which may
 * take a training run), so start-up is not held up; stopping waits for a subscription in
 * progress and drains each consumer's in-flight batch.
 */
export function consumersAfterModelsReady(
  name: string,
  inject: InjectionToken[],
  subscribeAll: (...deps: any[]) => Promise<Subscription>[],
): FactoryProvider<string> {
  return {
    provide: `consumers:${name}`,
    inject: [LIFECYCLE, LOGGER, ...inject],
    useFactory: (lifecycle: Lifecycle, logger: Logger, models: TextModelManager, ...deps: unknown[]) => {
      let stopping = false;
      let subscribing: Promise<Subscription[]> | undefined;
      lifecycle.add(
        name,
        async () => {
          subscribing = models.whenReady().then(async () => {
            if (stopping) return [];
            const settled = await Promise.allSettled(subscribeAll(models, ...deps));
            const subscriptions = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
            const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
            if (failed) {
              await Promise.all(subscriptions.map((s) => s.stop()));
              throw failed.reason;
            }
            logger.info({ consumers: subscriptions.map((s) => `${s.groupId}@${s.topic}`) }, 'consuming texts');
            return subscriptions;
          });
          subscribing.catch((error: unknown) => {
            if (!stopping) logger.error({ err: error }, `${name} did not start`);
          });
        },
        async () => {
          stopping = true;
          const subscriptions = await subscribing?.catch(() => []);
          await Promise.all((subscriptions ?? []).map((s) => s.stop()));
        },
      );
      return name;
    },
  };
}
