// Limits, each with a clear error: message size (hub and transport), layers per connection,
// document size on import (the byte limit: import.test.ts), and the sign-in rate limit. (Flooding, memory and pre-authentication: resilience.abuse.test.ts.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { Limits } from '../../shared/domain.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';
import { openRaw } from '../helpers/raw-socket.ts';

const MAX = 64 * 1024;
let server: TestServer;
let ws: Workspace;
let layer: string;

before(async () => {
  server = await startServer({ config: { maxMessageBytes: MAX, loginLimit: 8, loginWindowMs: 60_000 } });
  ws = await seedWorkspace(server, { texts: Array.from({ length: 65 }, (_, i) => `Document ${i}.`) });
  layer = `${ws.docIds[0]}/shared`;
});
after(() => server.stop());

test('a message over TAGTEAM_MAX_MESSAGE_BYTES is refused with too_large and the connection keeps working', async () => {
  const s = await openRaw(server.url, { cookie: ws.ann1.cookie });
  try {
    await s.emit('join', [layer], true);
    const [big] = (await s.emit('y', [layer, new Uint8Array(MAX + 1)], true)) as [Ack<unknown>];
    assert.ok('error' in big && big.error.code === 'too_large', JSON.stringify(big));
    assert.match((big as { error: { message: string } }).error.message, new RegExp(`limit of ${MAX}`));
    const [ok] = (await s.emit('y', [layer, encodeSync(SyncType.step1, new Uint8Array([0]))], true)) as [Ack<unknown>];
    assert.ok('data' in ok, 'the same connection is still served');
  } finally {
    s.close();
  }
});

test('a frame over the transport limit closes only that connection; other clients and the server carry on', async () => {
  const bad = await openRaw(server.url, { cookie: ws.ann1.cookie });
  const good = openLayer(server.url, layer, { headers: { cookie: ws.ann2.cookie } });
  try {
    await good.provider.whenSaved();
    await bad.emit('join', [layer], true);
    void bad.emit('y', [layer, new Uint8Array(MAX * 2 + 64)], true);
    await bad.closed;
    assert.match(bad.closeInfo, /^1009/, `closed as "message too big" (${bad.closeInfo})`);
    putSpan(good.doc, asSpanId('after-big'), { start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann2.userId), at: 1 });
    await good.provider.whenSaved();
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  } finally {
    bad.close();
    good.close();
  }
});

test('one connection may hold 64 layers open; the 65th join is refused with rate_limited until one is left', async () => {
  const s = await openRaw(server.url, { cookie: ws.ann1.cookie });
  try {
    for (const d of ws.docIds.slice(0, 64)) {
      const [r] = (await s.emit('join', [`${d}/shared`], true)) as [Ack<unknown>];
      assert.ok('data' in r, JSON.stringify(r));
    }
    const [refused] = (await s.emit('join', [`${ws.docIds[64]}/shared`], true)) as [Ack<unknown>];
    assert.ok('error' in refused && refused.error.code === 'rate_limited' && /too many open layers/.test(refused.error.message), JSON.stringify(refused));
    await s.emit('leave', [`${ws.docIds[0]}/shared`], true);
    const [ok] = (await s.emit('join', [`${ws.docIds[64]}/shared`], true)) as [Ack<unknown>];
    assert.ok('data' in ok);
  } finally {
    s.close();
  }
});

test('an import of Limits.documentChars characters is accepted and one more character is refused with the limit in the message', async () => {
  const importText = (n: number) =>
    call<{ result?: unknown }>(server.url, ws.owner, 'POST', `/api/projects/${ws.projectId}/documents/import?format=text&title=big`, 'a'.repeat(n), { 'content-type': 'text/plain' });
  const refused = await importText(Limits.documentChars + 1);
  assert.equal(refused.status, 400);
  assert.match(refused.body.error!.message, new RegExp(`${Limits.documentChars + 1} characters, limit ${Limits.documentChars}`));
  assert.equal((await importText(Limits.documentChars)).status, 201);
});

test('sign-in attempts beyond the limit get 429 rate_limited, the right password included, for that client only', async () => {
  const attempt = (password: string, ip: string) =>
    fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ username: 'ann1', password }) });
  for (let i = 0; i < 8; i++) assert.equal((await attempt('wrong-password', '203.0.113.7')).status, 401);
  const limited = await attempt('ann1-password', '203.0.113.7');
  assert.equal(limited.status, 429);
  const body = (await limited.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'rate_limited');
  assert.match(body.error.message, /too many sign-in attempts/);
  assert.ok(limited.headers.get('ratelimit') ?? limited.headers.get('ratelimit-policy'), 'standard RateLimit headers say when to retry');
  assert.equal((await attempt('ann1-password', '203.0.113.8')).status, 200, 'another client address is not limited');
});
