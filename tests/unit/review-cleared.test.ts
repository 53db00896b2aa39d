// The browser's bookkeeping of "nothing here" decisions (client/review/cleared.ts) against a server
// whose answers we hold back and release in any order: a decision counts at once, answers saved in
// another order than sent lose nothing, a refresh read before our request is ignored, requests for
// one item reach the server one after another, and what a reviewer publishes follows the server.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { ClearedItems } from '../../client/review/cleared.ts';

interface Held {
  method: string;
  url: string;
  answer(list: string[]): void;
  refuse(status: number, message: string): void;
}
let held: Held[] = [];
globalThis.fetch = ((url: string, init: RequestInit) =>
  new Promise<Response>((resolve) =>
    held.push({
      method: String(init.method),
      url,
      answer: (list) => resolve(new Response(JSON.stringify({ cleared: list }), { status: 200 })),
      refuse: (status, message) => resolve(new Response(JSON.stringify({ error: { code: 'conflict', message } }), { status })),
    }),
  )) as typeof fetch;
const settle = () => new Promise((r) => setTimeout(r, 5));
const sorted = (s: Iterable<string>) => [...s].sort();

let c: ClearedItems;
let published: string[][];
let refusals: string[];
beforeEach(() => {
  held = [];
  c = new ClearedItems();
  published = [];
  refusals = [];
  c.onChange = () => published.push(c.own);
  c.onRefused = (m) => refusals.push(m);
  c.reset('D', []);
});

test('a decision counts at once and is published; the answer keeps it', async () => {
  c.decide('span:1-2', true);
  assert.deepEqual(sorted(c.set), ['span:1-2']);
  assert.deepEqual(published.at(-1), ['span:1-2']);
  assert.equal(held[0]!.method, 'PUT');
  assert.equal(held[0]!.url, '/api/documents/D/review/cleared/span%3A1-2');
  held[0]!.answer(['span:1-2']);
  await settle();
  assert.deepEqual(sorted(c.set), ['span:1-2']);
});

test('a refused decision is undone, published as undone, and said', async () => {
  c.decide('span:1-2', true);
  held[0]!.refuse(409, 'gold is submitted; reopen it to change decisions');
  await settle();
  assert.deepEqual(sorted(c.set), []);
  assert.deepEqual(published.at(-1), []);
  assert.match(refusals[0]!, /Could not save "nothing here".*Gold is submitted/);
});

test('answers saved in another order than sent lose no decision', async () => {
  c.decide('span:1-2', true); // request 1
  c.decide('span:5-6', true); // request 2
  // The server saves request 2 first, then request 1; the answers come back in that order.
  held[1]!.answer(['span:5-6']);
  await settle();
  held[0]!.answer(['span:1-2', 'span:5-6']);
  await settle();
  assert.deepEqual(sorted(c.set), ['span:1-2', 'span:5-6']);
  // And the other way round: the older answer arrives last, with a list that lacks the newer item.
  c.decide('span:8-9', true); // request 3, saved first
  c.decide('span:1-2', false); // request 4
  held[3]!.answer(['span:5-6', 'span:8-9']);
  await settle();
  held[2]!.answer(['span:1-2', 'span:5-6', 'span:8-9']);
  await settle();
  assert.deepEqual(sorted(c.set), ['span:5-6', 'span:8-9'], 'the withdrawal stands, the decision too');
});

test('a refresh read before our request was saved does not take the decision back', async () => {
  const mark = c.mark; // the refresh's GET starts
  c.decide('span:1-2', true);
  held[0]!.answer(['span:1-2']);
  await settle();
  c.fromServer([], mark); // its answer, read before the PUT was saved
  assert.deepEqual(sorted(c.set), ['span:1-2']);
  c.fromServer([], c.mark); // a refresh that started later: the server's word
  assert.deepEqual(sorted(c.set), []);
});

test('requests for one item go one after another: decide, then withdraw, is saved in that order', async () => {
  c.decide('span:1-2', true);
  c.decide('span:1-2', false);
  await settle();
  assert.equal(held.length, 1, 'the withdrawal waits for the decision to be answered');
  assert.deepEqual(sorted(c.set), [], 'on screen the last choice counts');
  held[0]!.answer(['span:1-2']);
  await settle();
  assert.equal(held.length, 2);
  assert.equal(held[1]!.method, 'DELETE');
  assert.deepEqual(sorted(c.set), []);
  held[1]!.answer([]);
  await settle();
  assert.deepEqual(sorted(c.set), []);
});

test("peers' decisions count but are not republished, and a lapsed decision is published as gone", async () => {
  c.reset('D', ['span:1-2']);
  c.fromPeers([['span:1-2', 'span:7-8']]);
  assert.deepEqual(sorted(c.set), ['span:1-2', 'span:7-8']);
  assert.deepEqual(c.own, ['span:1-2'], "a peer's decision is not ours to publish");
  const before = published.length;
  // The decision lapsed on the server; the peer still publishes it until their own refresh. What
  // counts here does not change, but what we publish does: it must go out, or two reviewers keep
  // showing each other a decision neither holds.
  c.fromServer([], c.mark);
  assert.deepEqual(sorted(c.set), ['span:1-2', 'span:7-8']);
  assert.equal(published.length, before + 1);
  assert.deepEqual(published.at(-1), []);
  c.fromPeers([[]]);
  assert.deepEqual(sorted(c.set), []);
});

test("ids from peers are bounded: over-long ones and ones beyond 5,000 are dropped", () => {
  c.fromPeers([['x'.repeat(2049), ...Array.from({ length: 6000 }, (_, i) => `span:${i}-${i + 1}`)]]);
  assert.equal(c.set.size, 5000);
  assert.ok(!c.set.has('x'.repeat(2049)));
});
