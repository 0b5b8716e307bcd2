import { expect, test } from '@jest/globals';
import { Metadata, type ServerInterceptingCallInterface, type StatusObject, status } from '@grpc/grpc-js';
import type { CallAuthorizer } from '@demand/api-keys';
import { type CallGuardSettings, callGuard } from '../src/call-guard.js';

/** What grpc-js hands the call's listener: metadata and messages, no callbacks. */
type Delivery = Parameters<ServerInterceptingCallInterface['start']>[0];

/**
 * The guard in front of a fake grpc-js call: `deliver` is what grpc-js would tell the guard (metadata, a message),
 * `passed` what reached the handler's side, `statuses` what the guard answered.
 */
function guarded(settings: CallGuardSettings) {
  let deliver: Delivery | undefined;
  const passed: unknown[] = [];
  const statuses: Partial<StatusObject>[] = [];
  const next = {
    start: (listener: Delivery) => {
      deliver = listener;
    },
    sendStatus: (s: StatusObject) => statuses.push({ code: s.code, details: s.details }),
  } as Partial<ServerInterceptingCallInterface> as ServerInterceptingCallInterface;
  const call = callGuard(settings)({ path: '/demand.v1.Features/GetItemStats' } as never, next);
  call.start({
    onReceiveMetadata: () => passed.push('metadata'),
    onReceiveMessage: (message) => passed.push(message),
    onReceiveHalfClose: () => {},
    onCancel: () => {},
  });
  return { deliver: deliver!, passed, statuses };
}

test('without API keys the metadata and the message go on at once, in the same turn (no microtask)', () => {
  const { deliver, passed, statuses } = guarded({ maxCallMs: 60_000 });
  deliver.onReceiveMetadata(new Metadata());
  deliver.onReceiveMessage({ itemId: 'i1' });
  expect(passed).toEqual(['metadata', { itemId: 'i1' }]);
  expect(statuses).toEqual([]);
  deliver.onCancel();
});

test('with API keys, a message before the metadata is refused with INTERNAL, not dropped', () => {
  const authorizer = { authorize: () => Promise.resolve({ allowed: true }) } as Partial<CallAuthorizer>;
  const rejected: unknown[] = [];
  const { deliver, passed, statuses } = guarded({
    maxCallMs: 60_000,
    authorizer: authorizer as CallAuthorizer,
    onRejected: (method, code) => rejected.push([method, code]),
  });
  deliver.onReceiveMessage({ itemId: 'i1' });
  expect(statuses).toEqual([{ code: status.INTERNAL, details: 'message before metadata' }]);
  expect(rejected).toEqual([['/demand.v1.Features/GetItemStats', status.INTERNAL]]);
  expect(passed).toEqual([]);
});
