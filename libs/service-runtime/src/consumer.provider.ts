import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { Lifecycle } from './lifecycle.js';
import { LIFECYCLE } from './tokens.js';

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A Kafka consumer as a lifecycle step: it subscribes after the parts it is given have
 * started (store, bus) and stops, draining its in-flight batch, before they stop.
 */
export function consumerProvider(
  name: string,
  inject: InjectionToken[],
  subscribe: (...deps: any[]) => Promise<Stoppable>,
): FactoryProvider<string> {
  return {
    provide: `consumer:${name}`,
    inject: [LIFECYCLE, ...inject],
    useFactory: (lifecycle: Lifecycle, ...deps: unknown[]) => {
      let subscription: Stoppable | undefined;
      lifecycle.add(
        name,
        async () => {
          subscription = await subscribe(...deps);
        },
        async () => subscription?.stop(),
      );
      return name;
    },
  };
}
