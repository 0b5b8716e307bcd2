import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import type { Logger } from '@demand/telemetry';
import { BusTransport } from './bus-transport.js';
import { EVENT_BUS } from './infrastructure.providers.js';
import type { Lifecycle } from './lifecycle.js';
import { listenOn } from './listen-on.js';
import { LIFECYCLE, LOGGER, MICROSERVICE_TRANSPORTS } from './tokens.js';

export const BUS_TRANSPORT = Symbol('BusTransport');

/**
 * The service's consumers (its @ConsumeBatches controller methods) on the event bus. They
 * subscribe after the resources have started and stop, draining their batches in flight,
 * after the gRPC server has stopped and before the resources close. With `startWhen`, they
 * subscribe once it resolves (e.g. models that may need a training run) without holding up
 * start-up.
 */
export function busTransportProvider(
  options: { startWhen?: { inject: InjectionToken[]; ready: (...deps: any[]) => Promise<unknown> } } = {},
): FactoryProvider<BusTransport> {
  const { startWhen } = options;
  return {
    provide: BUS_TRANSPORT,
    inject: [EVENT_BUS, LOGGER, LIFECYCLE, MICROSERVICE_TRANSPORTS, ...(startWhen?.inject ?? [])],
    useFactory: (bus: EventBus, logger: Logger, lifecycle: Lifecycle, transports: unknown[], ...deps: unknown[]) => {
      const transport = new BusTransport(bus, logger);
      transports.push(transport);
      let stopping = false;
      let deferred: Promise<void> | undefined;
      lifecycle.add(
        'consumers',
        async () => {
          if (!startWhen) return listenOn(transport);
          deferred = startWhen.ready(...deps).then(() => (stopping ? undefined : listenOn(transport)));
          deferred.catch((error: unknown) => {
            if (!stopping) logger.error({ err: error }, 'consumers did not start');
          });
        },
        async () => {
          stopping = true;
          await deferred?.catch(() => undefined);
          await transport.close();
        },
        'consumers',
      );
      return transport;
    },
  };
}
