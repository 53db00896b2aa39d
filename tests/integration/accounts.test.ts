// Accounts and projects: sign-in with a rate limit and safe cookies, first-run admin and demo,
// schema edits that would orphan annotations refused, bad bodies answered with JSON errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ADMIN_PASSWORD } from '../helpers/server.ts';
import { call, login, seedWorkspace, TEST_SCHEMA } from '../helpers/api.ts';
import { openStore } from '../../db/store.ts';
import { bootstrap } from '../../server/bootstrap.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { openLayer } from '../helpers/clients.ts';
import { tempDir } from '../helpers/server.ts';
import path from 'node:path';

test('the session cookie is httpOnly and SameSite=Lax, and sign-out ends the session', async () => {
  const server = await startServer();
  try {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'not Secure over plain HTTP');
    const session = { username: 'admin', cookie: cookie.split(';')[0]!, userId: '' };
    assert.equal((await call(server.url, session, 'GET', '/api/me')).status, 200);
    await call(server.url, session, 'POST', '/api/logout');
    assert.equal((await call(server.url, session, 'GET', '/api/me')).status, 401);
  } finally {
    await server.stop();
  }
});

test('sign-in attempts are rate-limited with a clear error', async () => {
  const server = await startServer({ config: { loginLimit: 3, loginWindowMs: 60_000 } });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(server.url, null, 'POST', '/api/login', { username: 'admin', password: 'wrong' })).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const r = await call(server.url, null, 'POST', '/api/login', { username: 'admin', password: ADMIN_PASSWORD });
    assert.equal(r.status, 429, 'even the right password waits out the window');
    assert.equal(r.body.error!.code, 'rate_limited');
  } finally {
    await server.stop();
  }
});

test('malformed JSON, wrong field types and unknown routes get JSON errors that leak nothing', async () => {
  const server = await startServer();
  try {
    const admin = await login(server.url, 'admin', ADMIN_PASSWORD);
    const bad = await call(server.url, admin, 'POST', '/api/projects', '{"name": ', { 'content-type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error!.message, /not valid JSON/);
    const typed = await call(server.url, admin, 'POST', '/api/projects', { name: 42, schema: TEST_SCHEMA });
    assert.equal(typed.status, 400);
    assert.match(typed.body.error!.message, /name/);
    const dup = await call(server.url, admin, 'POST', '/api/projects', { name: 'x', schema: { ...TEST_SCHEMA, spanLabels: [...TEST_SCHEMA.spanLabels, { name: 'PERSON', color: '#000000' }] } });
    assert.equal(dup.status, 400);
    assert.match(dup.body.error!.message, /appears twice/);
    const none = await call(server.url, admin, 'GET', '/api/nothing');
    assert.equal(none.status, 404);
    for (const r of [bad, typed, dup, none]) assert.doesNotMatch(JSON.stringify(r.body), /at .*\.ts|SQLITE|stack/i);
  } finally {
    await server.stop();
  }
});

test('the first start creates an admin with a generated password and a demo workspace, printed once', async () => {
  const dir = await tempDir();
  const store = await openStore(path.join(dir, 'tagteam.sqlite'));
  try {
    let printed = '';
    const config = { ...loadConfig({}), dataDir: dir, adminPassword: undefined, demo: true };
    await bootstrap(store, config, createLogger('silent'), (s) => (printed += s));
    const pw = /username: admin\n\s+password: (\S+)/.exec(printed)?.[1];
    assert.ok(pw && pw.length >= 12, printed);
    assert.match(printed, /ann1 +password: \S+ +\(annotator\)/);
    assert.match(printed, /rev1 +password: \S+ +\(reviewer\)/);
    const projects = await store.projects.listFor('', true);
    assert.equal(projects.length, 2);
    assert.deepEqual(projects.map((p) => p.mode).sort(), ['collaborative', 'independent']);
    const doc = (await store.documents.listWithStatus(projects[0]!.id))[0]!;
    const text = (await store.documents.get(doc.id))!.text;
    assert.match(text, /“.+”/, 'curly quotes');
    assert.match(text, /—/, 'an em dash');
    const labels = projects[0]!.schema.spanLabels.map((l) => l.name);
    assert.deepEqual(labels, ['PERSON', 'ORG', 'GPE', 'DATE', 'EVENT']);
    printed = '';
    await bootstrap(store, config, createLogger('silent'), (s) => (printed += s));
    assert.equal(printed, '', 'a second start prints nothing and creates nothing');
    assert.equal((await store.projects.listFor('', true)).length, 2);
  } finally {
    await store.close();
  }
});

test('a schema edit that would orphan annotations is refused; a harmless one is accepted', async () => {
  const server = await startServer();
  try {
    const ws = await seedWorkspace(server);
    const c = openLayer(server.url, `${ws.docIds[0]}/shared`, { headers: { cookie: ws.ann1.cookie } });
    await c.provider.whenSaved();
    putSpan(c.doc, asSpanId('p'), { start: 0, end: 3, label: 'GPE', author: asUserId(ws.ann1.userId), at: 1 });
    await c.provider.whenSaved();
    c.close();
    const without = { ...TEST_SCHEMA, spanLabels: TEST_SCHEMA.spanLabels.filter((l) => l.name !== 'GPE') };
    const r = await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { schema: without });
    assert.equal(r.status, 409);
    assert.match(r.body.error!.message, /"GPE" is in use/);
    const p = await call<{ project: { schema: typeof TEST_SCHEMA } }>(server.url, ws.owner, 'GET', `/api/projects/${ws.projectId}`);
    assert.equal(p.body.project.schema.spanLabels.length, 3, 'the schema is unchanged');
    const added = { ...TEST_SCHEMA, spanLabels: [...TEST_SCHEMA.spanLabels, { name: 'DATE', color: '#9467bd', hotkey: '4' }] };
    assert.equal((await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { schema: added })).status, 200);
  } finally {
    await server.stop();
  }
});
