// The authorisation matrix: every HTTP route and every socket layer × anonymous, non-member,
// annotator, other annotator (independent mode), reviewer, owner. Each cell asserts the allowed or
// refused outcome; refused writes must leave the data unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { connect, emitAck } from '../helpers/clients.ts';

type Who = 'anon' | 'outsider' | 'ann1' | 'ann2' | 'reviewer' | 'owner';
const WHO: Who[] = ['anon', 'outsider', 'ann1', 'ann2', 'reviewer', 'owner'];

let server: TestServer;
let collab: Workspace;
let indep: Workspace;
const as = (w: Who): Session | null => (w === 'anon' ? null : indep[w]);

before(async () => {
  server = await startServer();
  collab = await seedWorkspace(server, { mode: 'collaborative' });
  indep = await seedWorkspace(server, { mode: 'independent', overlap: 2 });
});
after(() => server.stop());

function row(expect: Record<Who, number>) {
  return expect;
}

test('HTTP routes answer each identity as the permission model says', async () => {
  const P = indep.projectId;
  const D = indep.docIds[0]!;
  const cases: Array<{ method: string; path: string; body?: unknown; expect: Record<Who, number> }> = [
    { method: 'GET', path: '/api/me', expect: row({ anon: 401, outsider: 200, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'GET', path: '/api/users', expect: row({ anon: 401, outsider: 200, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'POST', path: '/api/users', body: { username: 'newbie', password: 'long-enough' }, expect: row({ anon: 401, outsider: 403, ann1: 403, ann2: 403, reviewer: 403, owner: 403 }) },
    { method: 'GET', path: '/api/projects', expect: row({ anon: 401, outsider: 200, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'GET', path: `/api/projects/${P}`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'PATCH', path: `/api/projects/${P}`, body: { name: 'Renamed' }, expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 403, owner: 200 }) },
    { method: 'PUT', path: `/api/projects/${P}/members/outsider`, body: { role: 'annotator' }, expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 403, owner: 200 }) },
    // The row above made `outsider` an annotator, so here they are a member without the right.
    { method: 'DELETE', path: `/api/projects/${P}/members/outsider`, expect: row({ anon: 401, outsider: 403, ann1: 403, ann2: 403, reviewer: 403, owner: 200 }) },
    { method: 'GET', path: `/api/projects/${P}/documents`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'GET', path: `/api/projects/${P}/queue/next`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'POST', path: `/api/projects/${P}/documents/import?format=text`, body: 'A new text.', expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 403, owner: 201 }) },
    { method: 'GET', path: `/api/documents/${D}`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'GET', path: `/api/documents/${D}/sets`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 200, reviewer: 200, owner: 200 }) },
    { method: 'GET', path: `/api/documents/${D}/review`, expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 200, owner: 200 }) },
    // Nothing is submitted here, so there is no disagreement item to decide: 404 for those allowed to.
    { method: 'PUT', path: `/api/documents/${D}/review/cleared/span:0-3`, expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 404, owner: 404 }) },
    { method: 'DELETE', path: `/api/documents/${D}/review/cleared/span:0-3`, expect: row({ anon: 401, outsider: 404, ann1: 403, ann2: 403, reviewer: 200, owner: 200 }) },
    { method: 'POST', path: `/api/documents/${D}/layers/user:${indep.ann1.userId}/submit`, expect: row({ anon: 401, outsider: 404, ann1: 200, ann2: 404, reviewer: 403, owner: 403 }) },
    { method: 'POST', path: `/api/documents/${D}/layers/gold/submit`, expect: row({ anon: 401, outsider: 404, ann1: 404, ann2: 404, reviewer: 200, owner: 409 }) },
    { method: 'POST', path: `/api/documents/${D}/layers/shared/submit`, expect: row({ anon: 401, outsider: 404, ann1: 404, ann2: 404, reviewer: 404, owner: 404 }) },
  ];
  for (const c of cases) {
    for (const w of WHO) {
      const before = (await call(server.url, indep.owner, 'GET', `/api/projects/${P}`)).body;
      const docsBefore = (await call(server.url, indep.owner, 'GET', `/api/projects/${P}/documents`)).body;
      const r = await call(server.url, as(w), c.method, c.path, c.body, typeof c.body === 'string' ? { 'content-type': 'text/plain' } : {});
      assert.equal(r.status, c.expect[w], `${c.method} ${c.path} as ${w}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      if (r.status >= 400) {
        assert.ok(r.body.error?.code && r.body.error.message, `${c.method} ${c.path} as ${w} gives a JSON error`);
        if (c.method !== 'GET') {
          assert.deepEqual((await call(server.url, indep.owner, 'GET', `/api/projects/${P}`)).body, before, `refused ${c.method} ${c.path} as ${w} changed the project`);
          assert.deepEqual((await call(server.url, indep.owner, 'GET', `/api/projects/${P}/documents`)).body, docsBefore, `refused ${c.method} ${c.path} as ${w} changed documents`);
        }
      }
    }
    // Undo successful writes so every identity meets the same state in the next row.
    if (c.path.endsWith('/submit')) {
      await call(server.url, indep.owner, 'POST', c.path.replace('/submit', '/reopen'));
    }
  }
});

test('an annotator in independent mode lists only the documents assigned to them', async () => {
  const owner = await call<{ documents: unknown[] }>(server.url, indep.owner, 'GET', `/api/projects/${indep.projectId}/documents`);
  assert.ok(owner.body.documents.length >= 2);
  await call(server.url, indep.owner, 'PUT', `/api/projects/${indep.projectId}/members/outsider`, { role: 'annotator' });
  // Three annotators, overlap 2: someone is not assigned to every document.
  const counts = await Promise.all(
    (['ann1', 'ann2', 'outsider'] as const).map(async (w) => (await call<{ documents: unknown[] }>(server.url, indep[w], 'GET', `/api/projects/${indep.projectId}/documents`)).body.documents.length),
  );
  assert.equal(counts.reduce((a, b) => a + b, 0), owner.body.documents.length * 2, `each document has two annotators (${counts})`);
  await call(server.url, indep.owner, 'DELETE', `/api/projects/${indep.projectId}/members/outsider`);
});

let probes = 0;
async function tryLayer(w: Who, layer: string, ws: Workspace): Promise<'refused' | 'read' | 'write'> {
  const probe = `probe${++probes}`;
  const headers: Record<string, string> = w === 'anon' ? {} : { cookie: ws[w].cookie };
  const sock = connect(server.url, { headers });
  try {
    const connected = await new Promise<boolean>((resolve) => {
      sock.once('connect', () => resolve(true));
      sock.once('connect_error', () => resolve(false));
    });
    if (!connected) return 'refused';
    const joined = await emitAck<Ack<{ writable: boolean }>>(sock, 'join', layer);
    if ('error' in joined) return 'refused';
    // A write attempt must match the answer to join.
    const doc = new Y.Doc();
    const live = server.app.registry.get(layer)!;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(live.doc));
    const sv = Y.encodeStateVector(doc);
    const userId = w === 'anon' ? 'x' : ws[w].userId;
    putSpan(doc, asSpanId(probe), { start: 0, end: 3, label: 'PERSON', author: asUserId(userId), at: 1 });
    const res = await emitAck<Ack<unknown>>(sock, 'y', layer, encodeSync(SyncType.update, Y.encodeStateAsUpdate(doc, sv)));
    const wrote = 'data' in res;
    assert.equal(wrote, joined.data.writable, `${w} on ${layer}: join said writable=${joined.data.writable} but the write ${wrote ? 'landed' : 'was refused'}`);
    if (!wrote) {
      assert.equal(res.error.code, 'read_only');
      assert.equal(live.doc.getMap('spans').has(probe), false, 'a refused write leaves the layer unchanged');
    }
    return joined.data.writable ? 'write' : 'read';
  } finally {
    sock.disconnect();
  }
}

test('socket joins and writes follow the layer rules in independent mode', async () => {
  const D = indep.docIds[1]!;
  const expect: Record<string, Record<Who, string>> = {
    [`${D}/user:${indep.ann1.userId}`]: { anon: 'refused', outsider: 'refused', ann1: 'write', ann2: 'refused', reviewer: 'read', owner: 'read' },
    [`${D}/gold`]: { anon: 'refused', outsider: 'refused', ann1: 'refused', ann2: 'refused', reviewer: 'write', owner: 'write' },
    [`${D}/predictions`]: { anon: 'refused', outsider: 'refused', ann1: 'read', ann2: 'read', reviewer: 'read', owner: 'write' },
    [`${D}/shared`]: { anon: 'refused', outsider: 'refused', ann1: 'refused', ann2: 'refused', reviewer: 'refused', owner: 'refused' },
    [`dnope12345/shared`]: { anon: 'refused', outsider: 'refused', ann1: 'refused', ann2: 'refused', reviewer: 'refused', owner: 'refused' },
  };
  for (const [layer, row] of Object.entries(expect)) {
    for (const w of WHO) assert.equal(await tryLayer(w, layer, indep), row[w], `${w} on ${layer}`);
  }
});

test('socket joins and writes follow the layer rules in collaborative mode', async () => {
  const D = collab.docIds[0]!;
  const expect: Record<string, Record<Who, string>> = {
    [`${D}/shared`]: { anon: 'refused', outsider: 'refused', ann1: 'write', ann2: 'write', reviewer: 'write', owner: 'write' },
    [`${D}/user:${collab.ann1.userId}`]: { anon: 'refused', outsider: 'refused', ann1: 'refused', ann2: 'refused', reviewer: 'refused', owner: 'refused' },
  };
  for (const [layer, row] of Object.entries(expect)) {
    for (const w of WHO) assert.equal(await tryLayer(w, layer, collab), row[w], `${w} on ${layer}`);
  }
});

test('a submitted layer turns read-only for a socket already in it, and writable again on reopen', async () => {
  const D = indep.docIds[1]!;
  const layer = `${D}/user:${indep.ann1.userId}`;
  assert.equal(await tryLayer('ann1', layer, indep), 'write');
  const sub = await call(server.url, indep.ann1, 'POST', `/api/documents/${D}/layers/user:${indep.ann1.userId}/submit`);
  assert.equal(sub.status, 200);
  assert.equal(await tryLayer('ann1', layer, indep), 'read');
  const re = await call(server.url, indep.ann1, 'POST', `/api/documents/${D}/layers/user:${indep.ann1.userId}/reopen`);
  assert.equal(re.status, 200);
  assert.equal(await tryLayer('ann1', layer, indep), 'write');
});

test('removing a member mid-session takes their open layer away at once', async () => {
  const D = collab.docIds[1]!;
  const sock = connect(server.url, { headers: { cookie: collab.ann2.cookie } });
  const joined = await emitAck<Ack<unknown>>(sock, 'join', `${D}/shared`);
  assert.ok('data' in joined);
  const kicked = new Promise<string>((resolve) => sock.once('layer-error', (_l, e) => resolve(e.code)));
  await call(server.url, collab.owner, 'DELETE', `/api/projects/${collab.projectId}/members/ann2`);
  assert.equal(await kicked, 'forbidden');
  const res = await emitAck<Ack<unknown>>(sock, 'y', `${D}/shared`, encodeSync(SyncType.step1, new Uint8Array([0])));
  assert.ok('error' in res && res.error.code === 'not_joined');
  sock.disconnect();
  await call(server.url, collab.owner, 'PUT', `/api/projects/${collab.projectId}/members/ann2`, { role: 'annotator' });
});

test('a read-only viewer completes the handshake without being refused', async () => {
  const D = indep.docIds[1]!;
  const { openLayer } = await import('../helpers/clients.ts');
  const c = openLayer(server.url, `${D}/user:${indep.ann1.userId}`, { headers: { cookie: indep.reviewer.cookie } });
  const errors: unknown[] = [];
  c.provider.on('error', (e) => errors.push(e));
  await c.provider.whenSaved();
  assert.equal(c.provider.writable, false);
  assert.deepEqual(errors, []);
  c.close();
});
