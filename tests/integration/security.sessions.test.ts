// Live sockets follow their session: signing out closes that session's sockets (and only those),
// a password set from the CLI closes the user's sockets at the next session re-check; handshakes
// beyond the admission cap are refused as busy and succeed on retry; a provider whose edit the
// server refuses without naming it stops re-sending it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import { openRaw, RawSocket } from '../helpers/raw-socket.ts';
import { putSpan, docLabelsOf, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { WireError } from '../../shared/protocol.ts';

let server: TestServer;
let ws: Workspace;

before(async () => {
  server = await startServer({ config: { sessionRecheckMs: 200 } });
  ws = await seedWorkspace(server);
});
after(() => server.stop());

test('signing out closes the sockets of that session and leaves the same user\'s other sessions connected', async () => {
  const phone = await login(server.url, 'ann1', 'ann1-password');
  const laptop = await login(server.url, 'ann1', 'ann1-password');
  const a = await openRaw(server.url, { cookie: phone.cookie });
  const b = await openRaw(server.url, { cookie: laptop.cookie });
  try {
    assert.equal((await call(server.url, phone, 'POST', '/api/logout')).status, 200);
    await Promise.race([a.closed, new Promise((r) => setTimeout(r, 2000))]);
    assert.ok(!a.open, 'the signed-out session\'s socket is closed');
    assert.ok(b.open, 'the other session\'s socket stays');
    const again = new RawSocket(server.url, { cookie: phone.cookie });
    await assert.rejects(again.ready, /unauthenticated/, 'and cannot come back');
    again.close();
  } finally {
    a.close();
    b.close();
  }
});

test('a password set outside the server (the CLI) closes the user\'s live sockets at the next re-check', async () => {
  const s = await login(server.url, 'ann2', 'ann2-password');
  const sock = await openRaw(server.url, { cookie: s.cookie });
  const other = await openRaw(server.url, { cookie: ws.ann1.cookie });
  try {
    const user = await server.store.users.byUsername('ann2');
    await server.store.users.setPassword(user!.id, await hashPassword('a-new-password-2026'));
    await Promise.race([sock.closed, new Promise((r) => setTimeout(r, 3000))]);
    assert.ok(!sock.open, 'the socket of the signed-out user is closed');
    assert.ok(other.open, 'another user\'s socket stays');
  } finally {
    sock.close();
    other.close();
  }
});

test('handshakes beyond the admission cap are refused as busy, and every client gets in on retry', async () => {
  const capped = await startServer({ config: { maxPendingHandshakes: 2 } });
  try {
    const cap = await seedWorkspace(capped);
    const attempts = Array.from({ length: 40 }, () => new RawSocket(capped.url, { cookie: cap.ann1.cookie }));
    const results = await Promise.allSettled(attempts.map((s) => s.ready));
    for (const s of attempts) s.close();
    const refused = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    assert.ok(refused.length > 0, '40 simultaneous handshakes exceed a cap of 2');
    assert.ok(refused.every((r) => /upgrade refused: HTTP 4\d\d/.test(r)), `refused before the upgrade: ${refused[0]}`);
    assert.ok(results.some((r) => r.status === 'fulfilled'), 'some are admitted');
    // Retried one after another (what backoff spreads them into), all get in: no slot leaked.
    for (let i = 0; i < 20; i++) {
      const s = await openRaw(capped.url, { cookie: cap.ann1.cookie });
      s.close();
    }
  } finally {
    await capped.stop();
  }
});

test('an edit the server refuses without naming it is given up after one retry, not re-sent forever', async () => {
  const c = openLayer(server.url, `${ws.docIds[0]}/shared`, { headers: { cookie: ws.ann1.cookie } });
  const errors: WireError[] = [];
  c.provider.on('error', (e) => errors.push(e));
  try {
    await c.provider.whenSaved();
    // A label-set key a layer cannot hold: refused for its shape, with no key in the refusal.
    c.doc.transact(() => {
      docLabelsOf(c.doc).set('not a key!', ['x']);
      putSpan(c.doc, asSpanId('kept'), { start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 1 });
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(errors.length >= 1 && errors.length <= 2, `${errors.length} refusals (a loop re-sends without end)`);
    assert.ok(errors.every((e) => e.key === undefined && e.code === 'invalid_update'), JSON.stringify(errors));
    // The client is usable again: a new edit saves.
    putSpan(c.doc, asSpanId('after'), { start: 4, end: 8, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 2 });
    await waitFor(() => c.provider.status === 'saved', 'the next edit to save');
    assert.ok(spansOf(c.doc).has(asSpanId('after')));
    assert.ok(!docLabelsOf(c.doc).has('not a key!'), 'the refused edit is gone from the client');
  } finally {
    c.close();
  }
});
