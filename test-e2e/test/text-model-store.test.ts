import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import type { LocalPlatform } from '@demand/all-in-one';
import { TEXT_MODEL_NAMES, TEXT_MODELS_FAILED } from '@demand/embedder';
import { runWithDeadline } from '../src/run-with-deadline.js';
import { assertDefaultEmbedderSettings, startTestPlatform } from '../src/test-platform.js';
import {
  markTextModelStoreFailed,
  markTextModelStoreTrained,
  TEXT_MODEL_STORE_VARIABLE,
  waitForTextModelStore,
} from '../src/text-model-store-of-run.js';
import { copyTextModels, waitForTextModelsReady } from '../src/text-model-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'text-model-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A model store with one version of each named model, its file holding `content` (the name when not given). */
function storeWith(names: readonly string[], content?: string): string {
  const store = path.join(dir, 'store');
  for (const name of names) {
    mkdirSync(path.join(store, name, '1'), { recursive: true });
    writeFileSync(path.join(store, name, '1', 'model.json'), content ?? name);
  }
  return store;
}

describe('copyTextModels', () => {
  it('copies every text model', () => {
    copyTextModels(storeWith(TEXT_MODEL_NAMES), path.join(dir, 'into'));
    for (const name of TEXT_MODEL_NAMES)
      assert.equal(readFileSync(path.join(dir, 'into', name, '1', 'model.json'), 'utf8'), name);
  });

  it('throws when a model is missing from the store', () => {
    const store = storeWith(TEXT_MODEL_NAMES.filter((name) => name !== 'intent-head'));
    assert.throws(() => copyTextModels(store, path.join(dir, 'into')), /intent-head is missing/);
  });
});

describe('waitForTextModelsReady', () => {
  it('fails at once when the embedder says its text models failed', async () => {
    const detail = `${TEXT_MODELS_FAILED}: out of memory`;
    const server = createServer((_, response) =>
      response
        .writeHead(503)
        .end(JSON.stringify({ checks: { 'text models': false }, detail: { 'text models': detail } })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const platform = { httpAddress: () => address } as unknown as LocalPlatform;
    try {
      const started = Date.now();
      await assert.rejects(waitForTextModelsReady(platform, 10_000), /text models failed: .*out of memory/);
      assert.ok(Date.now() - started < 5_000, 'without waiting for the deadline');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('waitForTextModelStore', () => {
  it('resolves once the store is marked trained', async () => {
    const store = storeWith(TEXT_MODEL_NAMES);
    let marked = false;
    setTimeout(() => {
      markTextModelStoreTrained(store);
      marked = true;
    }, 300);
    await waitForTextModelStore(store, 10_000, 20);
    assert.ok(marked, 'not before the mark');
  });

  it("throws the setup's reason once the store is marked failed", async () => {
    const store = storeWith(['text-encoder']);
    markTextModelStoreFailed(store, 'node failed (1); see its output above');
    await assert.rejects(waitForTextModelStore(store, 10_000), /not trained: node failed \(1\); see its output/);
  });

  it('throws after its timeout when the store is never marked', async () => {
    await assert.rejects(waitForTextModelStore(storeWith(TEXT_MODEL_NAMES), 100, 20), /not trained in 100 ms/);
  });
});

describe('startTestPlatform', () => {
  /** Data directories under the OS's temporary directory holding a copy of this test's store (`dir` marks it). */
  const leftBehind = () =>
    readdirSync(tmpdir())
      .filter((name) => name.startsWith('demand-e2e-'))
      .map((name) => path.join(tmpdir(), name, 'models', 'text-encoder', '1', 'model.json'))
      .filter((file) => existsSync(file) && readFileSync(file, 'utf8') === dir);

  it("removes its data directory and rethrows when the run's text models cannot be copied", async () => {
    const saved = process.env[TEXT_MODEL_STORE_VARIABLE];
    const store = storeWith(['text-encoder'], dir);
    markTextModelStoreTrained(store);
    process.env[TEXT_MODEL_STORE_VARIABLE] = store;
    try {
      await assert.rejects(startTestPlatform(), /sentiment-head is missing/);
    } finally {
      if (saved === undefined) delete process.env[TEXT_MODEL_STORE_VARIABLE];
      else process.env[TEXT_MODEL_STORE_VARIABLE] = saved;
    }
    assert.equal(leftBehind().join(', '), '', 'no data directory left behind');
  });
});

describe("the e2e tier's text-model setup and teardown", () => {
  /** Jest's global setup and teardown: plain JavaScript under jest/, loaded as Jest loads them. */
  const load = async (name: string) =>
    (await import(new URL(`../../../jest/e2e-text-models.${name}.js`, import.meta.url).href)).default;
  /** A Jest global config whose selection holds no file that copies the run's models. */
  const selectingNoCopyingFile = {
    rootDir: process.cwd(),
    testPathPatterns: { toExecutor: () => ({ isMatch: () => false }) },
  };

  it('leaves a store named by a variable set before the run in place when the setup skips', async () => {
    const saved = process.env[TEXT_MODEL_STORE_VARIABLE];
    const inherited = storeWith(['text-encoder']);
    process.env[TEXT_MODEL_STORE_VARIABLE] = inherited;
    try {
      await (await load('setup'))(selectingNoCopyingFile);
      assert.equal(process.env[TEXT_MODEL_STORE_VARIABLE], undefined, 'the inherited value is not the run store');
      await (await load('teardown'))();
    } finally {
      if (saved === undefined) delete process.env[TEXT_MODEL_STORE_VARIABLE];
      else process.env[TEXT_MODEL_STORE_VARIABLE] = saved;
    }
    assert.ok(existsSync(path.join(inherited, 'text-encoder', '1', 'model.json')), 'the directory is still there');
  });
});

describe("the e2e tier's file order", () => {
  const load = async (name: string) => import(new URL(`../../../jest/${name}.js`, import.meta.url).href);
  const testDirectory = path.join(process.cwd(), 'test-e2e', 'dist', 'test');

  it('splits the selected files by whether they copy the run’s models, leaving out those the project ignores', async () => {
    const { selectedFiles } = await load('e2e-text-model-files');
    const chosen = /\/(pipeline|learning-loop|local-mode)\.e2e\.js$/;
    const globalConfig = {
      rootDir: process.cwd(),
      testPathPatterns: { toExecutor: () => ({ isMatch: (file: string) => chosen.test(file) }) },
    };
    const { copying, training } = selectedFiles(globalConfig, { testPathIgnorePatterns: ['/local-mode\\.e2e\\.js$'] });
    // Arrays of the module's realm (Jest loads jest/ outside the test's): compared as copies made here.
    assert.deepEqual(Array.from(copying), [path.join(testDirectory, 'pipeline.e2e.js')]);
    assert.deepEqual(Array.from(training), [path.join(testDirectory, 'learning-loop.e2e.js')]);
  });

  it('trains in the background only while the files that copy nothing can hold every worker', async () => {
    const { trainsInBackground } = await load('e2e-text-model-files');
    const training = ['tenancy.e2e.js', 'learning-loop.e2e.js'];
    assert.equal(trainsInBackground({ copying: ['pipeline.e2e.js'], training }, 2), true);
    assert.equal(trainsInBackground({ copying: ['pipeline.e2e.js'], training: training.slice(1) }, 2), false);
    assert.equal(trainsInBackground({ copying: ['pipeline.e2e.js'], training: [] }, 1), false);
  });

  it("runs the files that copy nothing first, each group in Jest's own order (here by size, without timings)", async () => {
    const { default: Sequencer } = await load('e2e-sequencer');
    const sizes: Record<string, number> = { console: 50, pipeline: 40, 'learning-loop': 30, 'entry-points': 10 };
    const context = {
      config: { cache: false },
      hasteFS: { getSize: (file: string) => sizes[path.basename(file, '.e2e.js')] },
    };
    const tests = Object.keys(sizes).map((name) => ({ path: path.join(testDirectory, `${name}.e2e.js`), context }));
    const order = new Sequencer({ contexts: [], globalConfig: {} }).sort([...tests].reverse());
    assert.deepEqual(
      Array.from(order, (test: { path: string }) => path.basename(test.path, '.e2e.js')),
      ['learning-loop', 'entry-points', 'console', 'pipeline'],
    );
  });
});

describe('assertDefaultEmbedderSettings', () => {
  it("throws for an EMBEDDER_* setting, which the run's copied models were not trained with", () => {
    assert.throws(
      () => assertDefaultEmbedderSettings({ LOG_LEVEL: 'info', EMBEDDER_TRAINING_EPOCHS: '2' }),
      /not EMBEDDER_TRAINING_EPOCHS: start this platform with textModels: 'trained'/,
    );
  });

  it('accepts settings of other services', () => {
    assertDefaultEmbedderSettings({ LOG_LEVEL: 'info', RECOMMENDER_RETRAIN_MS: '1000' });
  });
});

describe('runWithDeadline', () => {
  const node = process.execPath;

  it('resolves when the command exits 0 and rejects with its exit code otherwise', async () => {
    await runWithDeadline(node, ['-e', ''], 10_000, 1_000);
    await assert.rejects(runWithDeadline(node, ['-e', 'process.exit(3)'], 10_000, 1_000), /failed \(3\)/);
  });

  it('rejects when the command cannot start', async () => {
    await assert.rejects(runWithDeadline(path.join(dir, 'no-such-command'), [], 10_000, 1_000), /ENOENT/);
  });

  it('stops a command past its deadline with SIGTERM', async () => {
    const started = Date.now();
    await assert.rejects(
      runWithDeadline(node, ['-e', 'setInterval(() => {}, 1000)'], 300, 10_000),
      /ran over 300 ms; stopped \(SIGTERM\)/,
    );
    assert.ok(Date.now() - started < 5_000, 'SIGTERM ended it without waiting for the grace period');
  });

  it('stops the command with SIGTERM once its signal aborts', async () => {
    const stop = new AbortController();
    const running = runWithDeadline(node, ['-e', 'setInterval(() => {}, 1000)'], 60_000, 10_000, stop.signal);
    const started = Date.now();
    setTimeout(() => stop.abort(), 300);
    await assert.rejects(running, /was aborted; stopped \(SIGTERM\)/);
    assert.ok(Date.now() - started < 5_000, 'without waiting for the deadline');
  });

  it('kills a command that ignores SIGTERM once the grace period is over', async () => {
    const ignoresTerm = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)";
    const started = Date.now();
    await assert.rejects(
      runWithDeadline(node, ['-e', ignoresTerm], 1_500, 500),
      /ran over 1500 ms; stopped \(SIGKILL\)/,
    );
    assert.ok(Date.now() - started < 6_000);
  });
});
