// The group commit: an enqueued update resolves only after the commit holding it succeeded; one
// commit at a time, and what arrives meanwhile shares the next; `delayMs` spaces commit starts
// under load without delaying an update that arrives after a quiet spell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommitQueue } from '../../server/hub/commit-queue.ts';
import type { LayerStore } from '../../db/layer.store.ts';
import { createLogger } from '../../server/logger.ts';

type Row = { layerId: number; data: Uint8Array };

/** A store whose commits the test finishes by hand. */
function fakeStore() {
  const calls: Array<{ rows: Row[]; at: number; finish: (err?: Error) => void }> = [];
  const store = {
    appendBatch: (rows: Row[]) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ rows, at: performance.now(), finish: (err) => (err ? reject(err) : resolve()) });
      }),
  } as unknown as LayerStore;
  return { store, calls };
}

/** A few loop turns: commits start and acks go out in setImmediate callbacks. */
const tick = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const row = new Uint8Array([1]);
const log = createLogger('silent');

test('an update resolves only once its commit succeeded; updates during a commit share the next', async () => {
  const { store, calls } = fakeStore();
  const q = new CommitQueue(store, log, 0);
  let done1 = false;
  void q.enqueue(1, row).then(() => (done1 = true));
  await tick();
  assert.equal(calls.length, 1);
  const later = [q.enqueue(1, row), q.enqueue(2, row)];
  await tick();
  assert.equal(calls.length, 1, 'one commit at a time');
  assert.equal(done1, false);
  calls[0]!.finish();
  await tick();
  assert.equal(done1, true);
  assert.equal(calls.length, 2);
  assert.equal(calls[1]!.rows.length, 2, 'both waiting updates in one commit');
  calls[1]!.finish();
  await Promise.all(later);
});

test('a failed commit acknowledges nothing and is retried with the same rows', async () => {
  const { store, calls } = fakeStore();
  const q = new CommitQueue(store, log, 0);
  let done = false;
  void q.enqueue(1, row).then(() => (done = true));
  await tick();
  calls[0]!.finish(new Error('disk full'));
  await sleep(80);
  assert.equal(done, false);
  assert.equal(calls.length, 2, 'retried');
  assert.equal(calls[1]!.rows.length, 1);
  calls[1]!.finish();
  await tick();
  assert.equal(done, true);
});

test('delayMs spaces commit starts under load, but a lone update is not delayed', async () => {
  const { store, calls } = fakeStore();
  const q = new CommitQueue(store, log, 300);
  const first = q.enqueue(1, row);
  await tick();
  assert.equal(calls.length, 1, 'the first update is committed on the next tick');
  calls[0]!.finish();
  await first;
  const second = q.enqueue(1, row);
  await tick();
  assert.equal(calls.length, 1, 'the next commit waits for the spacing');
  while (calls.length < 2) await sleep(5);
  assert.ok(calls[1]!.at - calls[0]!.at >= 295, `spaced by ${calls[1]!.at - calls[0]!.at} ms`);
  calls[1]!.finish();
  await second;
});

test('barrier waits for what was enqueued before it', async () => {
  const { store, calls } = fakeStore();
  const q = new CommitQueue(store, log, 0);
  void q.enqueue(1, row);
  let passed = false;
  void q.barrier().then(() => (passed = true));
  await tick();
  assert.equal(passed, false);
  calls[0]!.finish();
  await tick();
  assert.equal(passed, true);
  await q.barrier();
});
