import type { EventBus, Subscription } from '@demand/bus';
import { Topics } from '@demand/contracts';
import { ForgottenUsers } from './forgotten-users.js';

export interface FollowedForgottenUsers {
  users: ForgottenUsers;
  /** Reads privacy.forget.v1 whole (every replica its own copy), then follows it; call before the consumers start. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The forgotten users as privacy.forget.v1 tells them. The topic must keep its records at least
 * as long as records can wait on the other topics before being consumed.
 */
export function followForgottenUsers(bus: EventBus, groupPrefix: string): FollowedForgottenUsers {
  const users = new ForgottenUsers();
  let subscription: Subscription | undefined;
  return {
    users,
    async start() {
      subscription = await bus.follow({
        topic: Topics.usersForgotten,
        groupPrefix,
        handle: async (batch) => {
          for (const { value, timestamp } of batch)
            users.forget(value.storedIds, value.requestedAt ?? new Date(timestamp));
        },
      });
    },
    async stop() {
      await subscription?.stop();
    },
  };
}
