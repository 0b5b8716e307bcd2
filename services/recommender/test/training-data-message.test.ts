import { deepEqual as looseEqual } from 'node:assert';
import assert from 'node:assert/strict';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, it } from '@jest/globals';
import type { InteractionKind } from '@demand/recommend';
import {
  type TrainingDataMessage,
  trainingDataMessage,
  trainingDataOf,
} from '../src/adapters/training-data-message.js';
import type { TrainingData } from '../src/ports/training-data.port.js';
import { SyntheticShopData } from './synthetic-shop.js';

describe('trainingDataMessage / trainingDataOf', () => {
  it('bring the training data through a worker message unchanged, the interaction columns moved', async () => {
    const shop = await new SyntheticShopData({ seed: 5, users: 60, items: 40, days: 7 }).load();
    const data: TrainingData = {
      ...shop,
      // Some with no session, some with `session: undefined`, some sharing one, the rest as the shop made them.
      interactions: shop.interactions.map(({ session, ...e }, k) =>
        k % 4 === 0
          ? e
          : k % 4 === 1
            ? { ...e, session: undefined }
            : k % 4 === 2
              ? { ...e, session: `s-${k % 7}` }
              : { ...e, session },
      ),
      served: [{ user: 'u-000001', at: shop.now - 1000, items: ['a', 'b'] }],
    };
    assert.ok(data.interactions.some((e) => 'session' in e && e.session === undefined));
    assert.ok(data.interactions.some((e) => !('session' in e)));
    const expected = structuredClone(data);
    const { message, transfer } = trainingDataMessage(data);
    assert.equal(transfer.length, 5);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(message, transfer);
    const received = receiveMessageOnPort(port2)!.message as TrainingDataMessage;
    port1.close();
    assert.ok(
      transfer.every((buffer) => buffer.detached),
      'the columns moved rather than copied',
    );
    assert.equal(message.at.length, 0);
    const { interactions, ...rest } = trainingDataOf(received);
    const { interactions: expectedInteractions, ...expectedRest } = expected;
    assert.deepEqual(interactions, expectedInteractions);
    // The rest was cloned by the port, into objects of another realm than Jest's: equal but for prototypes.
    looseEqual(rest, expectedRest);
    assert.deepEqual(data, expected, "the sender's data is left as it was");
  });

  it('refuses an interaction kind it has no code for', () => {
    const data: TrainingData = {
      items: [],
      interactions: [{ user: 'u', item: 'i', kind: 'wishlist' as InteractionKind, at: 1 }],
      now: 2,
      window: 'w',
    };
    assert.throws(() => trainingDataMessage(data), /unknown interaction kind wishlist/);
    const inherited = { ...data, interactions: [{ ...data.interactions[0]!, kind: 'toString' as InteractionKind }] };
    assert.throws(() => trainingDataMessage(inherited), /unknown interaction kind toString/);
  });
});
