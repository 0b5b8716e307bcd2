import { Topics } from '@demand/contracts';
import type { EventBus, Subscription } from '@demand/bus';
import type { Lifecycle } from '@demand/service-runtime';
import { ForgottenUsers } from '../domain/forgotten-users.js';

/**
 * The forgotten users, read whole from privacy.forget.v1 before the consumers start (every
 * replica its own copy) and followed from then on.
 */
export function followForgottenUsers(bus: EventBus, lifecycle: Lifecycle): ForgottenUsers {
  const forgotten = new ForgottenUsers();
  let subscription: Subscription | undefined;
  lifecycle.add(
    'forgotten users',
    async () => {
      subscription = await bus.follow({
        topic: Topics.usersForgotten,
        groupPrefix: 'aggregator-forgotten',
        handle: async (batch) => {
          for (const { value, timestamp } of batch)
            forgotten.forget(value.storedIds, value.requestedAt ?? new Date(timestamp));
        },
      });
    },
    async () => subscription?.stop(),
  );
  return forgotten;
}
