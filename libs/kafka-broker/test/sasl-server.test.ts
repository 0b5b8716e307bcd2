import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { SaslVerifier } from '../src/sasl-server.js';

const verifier = new SaslVerifier({ username: 'u,ser', password: 'p' });

function firstStep(clientFirst: string) {
  return verifier.exchange('SCRAM-SHA-256').step(Buffer.from(clientFirst));
}

test('SCRAM client-first: an authzid equal to the user is let on, as PLAIN does', () => {
  assert.equal(firstStep('n,,n=u=2Cser,r=abc').ok, true);
  assert.equal(firstStep('n,a=u=2Cser,n=u=2Cser,r=abc').ok, true);
});

test('SCRAM client-first: an authzid naming another user is refused', () => {
  const step = firstStep('n,a=admin,n=u=2Cser,r=abc');
  assert.equal(step.ok, false);
  assert.match(step.ok ? '' : step.message, /invalid credentials with SASL mechanism SCRAM-SHA-256/);
});

test('SCRAM client-first: a mandatory extension (m=) is refused', () => {
  assert.equal(firstStep('n,,m=ext,n=u=2Cser,r=abc').ok, false);
});

test('PLAIN: an authzid naming another user is refused', () => {
  const step = verifier.exchange('PLAIN').step(Buffer.from('admin\u0000u,ser\u0000p'));
  assert.equal(step.ok, false);
});
