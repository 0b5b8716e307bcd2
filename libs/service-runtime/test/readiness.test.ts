import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Readiness } from '../src/index.js';

describe('readiness', () => {
  it('is the conjunction of the checks; details are reported beside them and never gate', async () => {
    const readiness = new Readiness();
    readiness.register('store', () => true);
    assert.deepEqual(await readiness.evaluate(), { ready: true, checks: { store: true } });
    let state = 'cold list';
    readiness.describe('model', () => ({ serving: state }));
    assert.deepEqual(await readiness.evaluate(), {
      ready: true,
      checks: { store: true },
      detail: { model: { serving: 'cold list' } },
    });
    state = 'trained model';
    readiness.register('bus', async () => {
      throw new Error('down');
    });
    assert.deepEqual(await readiness.evaluate(), {
      ready: false,
      checks: { store: true, bus: false },
      detail: { model: { serving: 'trained model' } },
    });
  });
});
