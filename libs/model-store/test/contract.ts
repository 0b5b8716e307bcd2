import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { ModelStore, ModelVersion } from '../src/index.js';
import { sleep, text, waitFor } from './fixtures.js';

export interface ContractSubject {
  store: ModelStore;
  /** Another client of the same backing storage (as another process would be). */
  otherClient: () => ModelStore;
  close: () => Promise<void>;
}

/**
 * Behaviour every ModelStore adapter must share. `open` gives a fresh, empty store whose
 * clock starts at 2025-01-01T00:00:00Z and advances one second per reading.
 */
export function modelStoreContract(adapter: string, open: () => Promise<ContractSubject>): void {
  describe(`ModelStore contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: ModelStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(() => subject.close());

    it('publishes versions 1, 2, … and reads them back by latest, list and get', async () => {
      assert.equal(await store.latest('sentiment'), undefined);
      assert.deepEqual(await store.list('sentiment'), []);
      const first = await store.publish('sentiment', {
        files: { 'weights.json': 'abc', 'labels/zh.txt': '好评\n差评\n' },
        metadata: { macroF1: 0.91, classes: ['neg', 'pos'] },
      });
      assert.deepEqual(first, {
        name: 'sentiment',
        version: 1,
        createdAt: '2025-01-01T00:00:00.000Z',
        metadata: { macroF1: 0.91, classes: ['neg', 'pos'] },
        files: [
          {
            name: 'labels/zh.txt',
            bytes: 14,
            sha256: '7b41da341ffe81abb884cd3dc81adefd34cc49e0abc2299b61b862836ec4b6b1',
          },
          {
            name: 'weights.json',
            bytes: 3,
            sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
          },
        ],
      });
      const binary = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
      const second = await store.publish('sentiment', { files: { 'model.bin': binary }, metadata: {} });
      assert.equal(second.version, 2);
      assert.deepEqual(await store.latest('sentiment'), second);
      assert.deepEqual(await store.list('sentiment'), [first, second]);
      assert.deepEqual(await store.get('sentiment', 1), first);
      assert.deepEqual(await store.readFile(second, 'model.bin'), binary);
      assert.equal(text(await store.readFile(first, 'labels/zh.txt')), '好评\n差评\n');
      await store.verify(first);
      await assert.rejects(store.get('sentiment', 3), { code: 'NOT_FOUND', message: /sentiment.*000003/ });
      await assert.rejects(store.readFile(first, 'model.bin'), { code: 'NOT_FOUND', message: /no file "model.bin"/ });
    });

    it('numbers each model name on its own', async () => {
      const intent = await store.publish('intent', { files: { a: 'x' }, metadata: {} });
      assert.equal(intent.version, 1);
      assert.equal((await store.latest('sentiment'))?.version, 2);
    });

    it('keeps a copy of the metadata, not the caller’s object', async () => {
      const metadata = { trainedOn: ['2025-01'] };
      const published = await store.publish('copied', { files: { a: 'x' }, metadata });
      metadata.trainedOn.push('2025-02');
      assert.deepEqual((await store.get('copied', published.version)).metadata, { trainedOn: ['2025-01'] });
    });

    it('rejects bad names, files and metadata', async () => {
      const files = { 'w.json': '{}' };
      for (const name of ['', 'Sentiment', '../escape', '.hidden', 'a/b', '-dash']) {
        await assert.rejects(store.publish(name, { files, metadata: {} }), { code: 'INVALID_ARGUMENT' }, name);
      }
      for (const file of ['manifest.json', '../up', '/abs', 'a//b', '.env', 'a/./b']) {
        await assert.rejects(
          store.publish('ok', { files: { [file]: 'x' }, metadata: {} }),
          { code: 'INVALID_ARGUMENT' },
          file,
        );
      }
      await assert.rejects(store.publish('ok', { files: {}, metadata: {} }), /at least one file/);
      await assert.rejects(
        store.publish('ok', { files: { a: 'x', 'a/b': 'y' }, metadata: {} }),
        /both a file and a folder/,
      );
      await assert.rejects(store.publish('ok', { files: files, metadata: { n: 1n } }), /JSON-serialisable/);
      assert.deepEqual(await store.list('ok'), []);
    });

    it('gives concurrent publishers distinct, gap-free version numbers', async () => {
      const other = subject.otherClient();
      const published = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? store : other).publish('busy', { files: { n: String(i) }, metadata: { i } }),
        ),
      );
      const versions = published.map((v) => v.version).sort((a, b) => a - b);
      assert.deepEqual(
        versions,
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      const listed = await store.list('busy');
      assert.deepEqual(
        listed.map((v) => v.metadata.i).sort((a, b) => Number(a) - Number(b)),
        Array.from({ length: 12 }, (_, i) => i),
      );
    });

    it('watch announces versions published after it started, then stops cleanly', async () => {
      await store.publish('watched', { files: { a: '1' }, metadata: {} });
      const seen: ModelVersion[] = [];
      const watch = store.watch('watched', (v) => void seen.push(v), { intervalMs: 10 });
      const second = await subject.otherClient().publish('watched', { files: { a: '2' }, metadata: {} });
      await waitFor(() => seen.length === 1, 3000, 'the watch to fire');
      assert.deepEqual(seen, [second]);
      watch.stop();
      await store.publish('watched', { files: { a: '3' }, metadata: {} });
      await sleep(60);
      assert.equal(seen.length, 1, 'no announcement after stop()');
    });

    it('keeps polling after a failing callback and reports the failure', async () => {
      const errors: unknown[] = [];
      const seen: number[] = [];
      const watch = store.watch(
        'flaky',
        (v) => {
          seen.push(v.version);
          if (v.version === 1) throw new Error('load failed');
        },
        { intervalMs: 10, onError: (e) => errors.push(e) },
      );
      await store.publish('flaky', { files: { a: '1' }, metadata: {} });
      await waitFor(() => seen.length === 1, 3000, 'first announcement');
      await store.publish('flaky', { files: { a: '2' }, metadata: {} });
      await waitFor(() => seen.length === 2, 3000, 'second announcement');
      watch.stop();
      assert.deepEqual(seen, [1, 2]);
      assert.equal((errors[0] as Error).message, 'load failed');
    });

    it('promotes a champion that stays put until the next promotion', async () => {
      assert.equal(await store.champion('gated'), undefined);
      const first = await store.publish('gated', { files: { a: '1' }, metadata: {} });
      assert.deepEqual(await store.promote('gated', 1), first);
      await store.publish('gated', { files: { a: '2' }, metadata: {} });
      assert.equal((await store.champion('gated'))?.version, 1, 'a new version is only a challenger');
      await store.promote('gated', 2);
      assert.equal((await subject.otherClient().champion('gated'))?.version, 2);
      await assert.rejects(store.promote('gated', 7), { code: 'NOT_FOUND' });
      assert.equal((await store.champion('gated'))?.version, 2);
    });
  });
}
