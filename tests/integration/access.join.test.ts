// A join that cannot settle at once (see the join handler in server/hub/sync.handlers.ts): with
// re-checks of rights landing during each of its decisions it starts read-only, then its layer is
// re-checked and it is told it may write; and when the layer leaves memory while the join decides
// (its last member left), the join ends in the layer that is live, not in the one unloaded.
// Timing is injected through the access decision (open access otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer } from '../helpers/server.ts';
import { openRaw } from '../helpers/raw-socket.ts';
import { waitFor } from '../helpers/clients.ts';
import { openAccess } from '../../server/hub/open-access.ts';
import type { LayerAccess } from '../../server/hub/access.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let hook: (() => Promise<void> | void) | null = null;
const access: LayerAccess = {
  async authorize(user, ref) {
    await hook?.();
    return openAccess.authorize(user, ref);
  },
};

async function write(sock: Awaited<ReturnType<typeof openRaw>>, layer: string, id: string): Promise<Ack<unknown>> {
  const doc = new Y.Doc();
  putSpan(doc, asSpanId(id), { start: 0, end: 3, label: 'PERSON', author: asUserId('u'), at: 1 });
  const [a] = await sock.emit('y', [layer, encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc))], true);
  return a as Ack<unknown>;
}

test('a join unsettled by re-checks elsewhere starts read-only, then is told it may write', async () => {
  const server = await startServer({ access });
  try {
    const L = 'docA/shared';
    const sock = await openRaw(server.url);
    const told: boolean[] = [];
    sock.onEvent = (e) => {
      if (e.event === 'layer-access' && e.args[0] === L) told.push((e.args[1] as { writable: boolean }).writable);
    };
    // Every decision of this join coincides with a re-check of another document's layers.
    hook = () => void server.app.reauthorize((n) => n.startsWith('docB/'));
    const [joined] = (await sock.emit('join', [L], true)) as [Ack<{ writable: boolean }>];
    hook = null;
    assert.deepEqual(joined, { data: { layer: L, writable: false } }, 'it could not settle, so it starts read-only');
    await waitFor(() => told.includes(true), 'told it may write');
    assert.ok('data' in (await write(sock, L, 's1')), 'and it may');
  } finally {
    hook = null;
    await server.stop();
  }
});

test('a join whose layer unloads while it decides ends in the live layer, with its writes', async () => {
  const server = await startServer({ access, config: { unloadAfterMs: 1 } });
  try {
    const L = 'docA/shared';
    const first = await openRaw(server.url);
    await first.emit('join', [L], true);
    const before = server.app.registry.get(L)!;
    const joiner = await openRaw(server.url);
    let calls = 0;
    hook = async () => {
      if (++calls === 1) void server.app.reauthorize((n) => n.startsWith('docB/')); // unsettles the first decision
      else await sleep(60); // a slow second decision, during which the layer unloads
    };
    const joining = joiner.emit('join', [L], true);
    await sleep(20);
    await first.emit('leave', [L], true); // the last member leaves: the layer unloads after 1 ms
    const [joined] = (await joining) as [Ack<{ writable: boolean }>];
    hook = null;
    assert.deepEqual(joined, { data: { layer: L, writable: true } });
    const live = server.app.registry.get(L)!;
    assert.notEqual(live, before, 'the layer was unloaded and loaded again');
    assert.equal(live.members.size, 1, 'the joiner is a member of the live layer');
    assert.ok('data' in (await write(joiner, L, 'kept')));
    const late = await openRaw(server.url);
    await late.emit('join', [L], true);
    assert.deepEqual([...spansOf(server.app.registry.get(L)!.doc).keys()], ['kept'], 'a later join sees the write');
  } finally {
    hook = null;
    await server.stop();
  }
});
