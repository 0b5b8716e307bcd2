import type { EventBus, Subscription } from '@demand/bus';
import { Topics } from '@demand/contracts';
import { ForgottenUsers } from './forgotten-users.js';

/** Where a service registers what starts before its consumers and stops after them (its Lifecycle). */
export interface StartStopRegistry {
  add(name: string, start: () => Promise<void>, stop: () => Promise<void>): void;
}

/** Told the stored ids of each forget request as it is read (to drop what a cache holds of them). */
export type OnForget = (storedIds: readonly string[]) => void;

/**
 * The forgotten users as privacy.forget.v1 tells them: read whole at start (every replica its own
 * copy, before the consumers start) and followed from then on. The topic must keep its records at
 * least as long as records can wait on the other topics before being consumed.
 */
export function followForgottenUsers(bus: EventBus, groupPrefix: string, registry: StartStopRegistry): ForgottenUsers {
  const users = new ForgottenUsers();
  let subscription: Subscription | undefined;
  registry.add(
    'forgotten users',
    async () => {
      subscription = await followForgets(bus, groupPrefix, users);
    },
    async () => {
      await subscription?.stop();
    },
  );
  return users;
}

/**
 * Reads privacy.forget.v1 whole into `users`, telling `onForget` each request's ids, and follows it;
 * resolves once it has read what the topic held at the call (`EventBus.follow`).
 */
export function followForgets(
  bus: EventBus,
  groupPrefix: string,
  users: ForgottenUsers,
  onForget?: OnForget,
): Promise<Subscription> {
  return bus.follow({
    topic: Topics.usersForgotten,
    groupPrefix,
    handle: async (batch) => {
      for (const { value, timestamp } of batch) {
        users.forget(value.storedIds, value.requestedAt ?? new Date(timestamp));
        onForget?.(value.storedIds);
      }
    },
  });
}
