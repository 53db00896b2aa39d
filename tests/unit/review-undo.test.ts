// Undo and redo of a reviewer's "nothing here" decision (gold-writer.ts + history.controller.ts):
// taken back and made again with its step, and overtaken, like an edit, when another reviewer has
// decided the item otherwise since. Two reviewers share one gold Y.Doc; the server is a list
// answered at once.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { ClearedItems } from '../../client/review/cleared.ts';
import { GoldWriter } from '../../client/review/gold-writer.ts';
import { HistoryController } from '../../client/annotate/history.controller.ts';
import { LayerEditor } from '../../client/annotate/edits.ts';
import { docLabelsOf } from '../../shared/layer-doc.ts';
import type { Disagreement } from '../../shared/agreement/disagreements.ts';
import type { FinishedSpan } from '../../shared/domain.ts';

let server = new Set<string>();
globalThis.fetch = (async (url: string, init: RequestInit) => {
  const id = decodeURIComponent(String(url).split('/').pop()!);
  if (init.method === 'PUT') server.add(id);
  else server.delete(id);
  return new Response(JSON.stringify({ cleared: [...server] }), { status: 200 });
}) as typeof fetch;
const settle = () => new Promise((r) => setTimeout(r, 5));

const schema = { spanLabels: [{ name: 'PERSON', color: '#ff0000' }], relationTypes: [], docLabelSets: [{ name: 'topic', choice: 'single' as const, values: ['a', 'b'] }] };
const topic = { target: 'docLabel', id: 'doc:topic', name: 'topic', kind: 'differs', kinds: ['differs'], versions: { ann1: [], ann2: ['b'] } } as unknown as Disagreement;
const span = {
  target: 'span', id: 'span:0-3', start: 0, end: 3, kind: 'missing', kinds: ['missing'],
  versions: { ann1: [], ann2: [{ id: 'x', start: 0, end: 3, label: 'PERSON' } as FinishedSpan] },
} as unknown as Disagreement;

function reviewer(gold: Y.Doc, userId: string) {
  const origin = {};
  const host = { addController() {}, requestUpdate() {} } as never;
  const editor = new LayerEditor(() => gold, () => ({ text: 'Ada Lovelace met Babbage.', schema, userId }), origin);
  const history = new HistoryController(host, editor);
  const cleared = new ClearedItems();
  cleared.reset('D', [...server]);
  const writer = new GoldWriter({ doc: gold, origin } as never, editor, history, cleared, () => userId);
  return { history, cleared, writer, editor };
}

beforeEach(() => {
  server = new Set();
});

test('undo takes a "nothing here" decision back, redo makes it again', async () => {
  const A = reviewer(new Y.Doc(), 'A');
  assert.equal(A.writer.accept(topic, 'ann1').ok, true);
  await settle();
  assert.deepEqual([...server], ['doc:topic']);
  assert.equal(A.history.undo(), 'Undone.');
  await settle();
  assert.deepEqual([...server], []);
  assert.equal(A.history.redo(), 'Redone.');
  await settle();
  assert.deepEqual([...server], ['doc:topic']);
});

test('redo does not make the decision again once another reviewer put something there', async () => {
  for (const item of [topic, span]) {
    server = new Set();
    const gold = new Y.Doc();
    const A = reviewer(gold, 'A');
    A.writer.accept(item, 'ann1');
    await settle();
    A.history.undo();
    await settle();
    reviewer(gold, 'B').writer.accept(item, 'ann2'); // B decides: ann2's version, into gold
    await settle();
    assert.match(A.history.redo()!, /Nothing to redo/, item.id);
    await settle();
    assert.deepEqual([...server], [], `${item.id}: B's decision stands`);
  }
});

test('an undo whose gold edit someone changed since does not bring the decision back either', async () => {
  server = new Set(['doc:topic']);
  const gold = new Y.Doc();
  const A = reviewer(gold, 'A');
  A.writer.accept(topic, 'ann2'); // gold "b"; the "nothing here" decision is withdrawn
  await settle();
  assert.deepEqual([...server], []);
  assert.equal('error' in reviewer(gold, 'B').editor.write([{ map: 'docLabels', key: 'topic', before: ['b'], after: ['a'] }]), false);
  assert.match(A.history.undo()!, /Nothing to undo/);
  await settle();
  assert.deepEqual([...server], []);
  assert.deepEqual(docLabelsOf(gold).get('topic'), ['a'], "B's label stays");
});

test("undoing a step that repeated another reviewer's decision does not withdraw theirs", async () => {
  const gold = new Y.Doc();
  const A = reviewer(gold, 'A'); // opened before B decided: A's server list is older
  const B = reviewer(gold, 'B');
  B.writer.accept(topic, 'ann1');
  await settle();
  A.cleared.fromPeers([B.cleared.own]); // A hears of it through awareness
  A.writer.accept(topic, 'ann1'); // the same decision: nothing changes
  await settle();
  A.history.undo();
  await settle();
  assert.deepEqual([...server], ['doc:topic']);
});

test("a reviewer's own undo withdraws their own decision, even while another still publishes an outdated one", async () => {
  const gold = new Y.Doc();
  const B = reviewer(gold, 'B');
  B.writer.accept(topic, 'ann1'); // B: nothing here
  await settle();
  const A = reviewer(gold, 'A');
  A.cleared.fromPeers([B.cleared.own]); // B keeps publishing it until B's next refresh
  A.writer.accept(topic, 'ann2'); // A: "b" into gold, B's decision withdrawn on the server
  await settle();
  assert.deepEqual([...server], []);
  A.writer.accept(topic, 'ann1'); // A changes their mind: nothing here after all
  await settle();
  assert.deepEqual([...server], ['doc:topic']);
  assert.equal(A.history.undo(), 'Undone.');
  await settle();
  assert.deepEqual(docLabelsOf(gold).get('topic'), ['b'], 'gold is back to "b"');
  assert.deepEqual([...server], [], 'and the decision A made is withdrawn with it');
});
