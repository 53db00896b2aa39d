// Hostile content is data: article text, titles, project names, guidelines, labels, notes,
// attributes and display names holding HTML/script payloads come back from the API verbatim, as
// JSON (never sniffable as HTML). How the browser renders them is the UI's half. Also: a layer
// value whose fields hide in its prototype (`__proto__`) must not pass validation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as Y from 'yjs';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId } from '../../shared/ids.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';
import { openRaw } from '../helpers/raw-socket.ts';

const P = {
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  svg: '"><svg onload=alert(1)>',
  js: 'javascript:alert(1)//',
  tpl: "{{constructor.constructor('alert(1)')()}} ${alert(1)}",
  seps: 'line\u2028sep\u2029 </textarea><!--',
};
const TEXT = `Ada ${P.script} met ${P.img} in ${P.svg}. ${P.js} ${P.tpl} ${P.seps}`;

let server: TestServer;
let ws: Workspace;
let pid: string;
let did: string;

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server);
  const schema = {
    spanLabels: [{ name: P.img, color: '#112233' }],
    relationTypes: [{ name: P.script }],
    docLabelSets: [{ name: 'tone', choice: 'multiple', values: [P.script, P.js] }],
  };
  const created = await call<{ project: { id: string } }>(server.url, ws.owner, 'POST', '/api/projects', { name: P.script, guidelines: `# ${P.svg}\n\n${P.img}`, schema });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  pid = created.body.project.id;
  await call(server.url, ws.owner, 'PUT', `/api/projects/${pid}/members/ann1`, { role: 'annotator' });
  const imported = await call<{ result: { documentIds: string[] } }>(server.url, ws.owner, 'POST', `/api/projects/${pid}/documents/import?format=tagteam-jsonl`, JSON.stringify({ text: TEXT, title: P.svg }), {
    'content-type': 'application/x-ndjson',
  });
  did = imported.body.result.documentIds[0]!;
  const c = openLayer(server.url, `${did}/shared`, { headers: { cookie: ws.ann1.cookie } });
  await c.provider.whenSaved();
  const author = asUserId(ws.ann1.userId);
  putSpan(c.doc, asSpanId('a'), { start: 0, end: 3, label: P.img, author, at: 1, note: `${P.script} ${P.tpl}`, attrs: { [P.svg]: P.js } });
  putSpan(c.doc, asSpanId('b'), { start: 4, end: 12, label: P.img, author, at: 1 });
  putRelation(c.doc, asRelationId('r'), { from: asSpanId('a'), to: asSpanId('b'), type: P.script, author, at: 1 });
  setDocLabel(c.doc, 'tone', [P.script, P.js]);
  await c.provider.whenSaved();
  c.close();
  assert.equal((await call(server.url, ws.ann1, 'POST', `/api/documents/${did}/layers/shared/submit`)).status, 200);
});
after(() => server.stop());

/** GETs a path and checks it is JSON that cannot be sniffed as HTML; returns the parsed body. */
async function getJson(path: string): Promise<unknown> {
  const res = await fetch(server.url + path, { headers: { cookie: ws.owner.cookie } });
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/, path);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
  return res.json();
}

test('the project name, guidelines and tag schema with script payloads come back verbatim as JSON', async () => {
  const { project } = (await getJson(`/api/projects/${pid}`)) as { project: { name: string; guidelines: string; schema: { spanLabels: Array<{ name: string }>; relationTypes: Array<{ name: string }>; docLabelSets: Array<{ name: string; values: string[] }> } } };
  assert.equal(project.name, P.script);
  assert.equal(project.guidelines, `# ${P.svg}\n\n${P.img}`);
  assert.equal(project.schema.spanLabels[0]!.name, P.img);
  assert.equal(project.schema.relationTypes[0]!.name, P.script);
  assert.deepEqual(project.schema.docLabelSets[0], { name: 'tone', choice: 'multiple', values: [P.script, P.js] });
});

test('article text and title with script payloads come back verbatim, at the same offsets', async () => {
  const { document } = (await getJson(`/api/documents/${did}`)) as { document: { text: string; title: string } };
  assert.equal(document.text, TEXT);
  assert.equal(document.title, P.svg);
  const list = (await getJson(`/api/projects/${pid}/documents`)) as { documents: Array<{ title: string }> };
  assert.equal(list.documents[0]!.title, P.svg);
});

test('labels, notes, attributes, relation types and document labels of a finished set come back verbatim', async () => {
  const review = (await getJson(`/api/documents/${did}/review`)) as { annotators: Array<{ set: { spans: Array<{ label: string; note?: string; attrs?: Record<string, unknown> }>; relations: Array<{ type: string }>; docLabels: Record<string, string[]> } }> };
  const set = review.annotators[0]!.set;
  const a = set.spans.find((s) => s.note !== undefined)!;
  assert.equal(a.label, P.img);
  assert.equal(a.note, `${P.script} ${P.tpl}`);
  assert.deepEqual(a.attrs, { [P.svg]: P.js });
  assert.equal(set.relations[0]!.type, P.script);
  assert.deepEqual(set.docLabels, { tone: [P.script, P.js] });
});

// The name of a label set is a key of the layer's docLabels map, which takes [A-Za-z0-9_-] only: a
// schema naming a set otherwise could never be annotated (the client's write is refused for its
// shape, without a key, and the provider re-sent it in a loop). Fixed in server/http/schemas.ts.
test('a label set name that a layer cannot hold is refused when the schema is saved', async () => {
  const schema = { spanLabels: [{ name: 'X', color: '#112233' }], docLabelSets: [{ name: P.svg, choice: 'single', values: ['a'] }] };
  const r = await call(server.url, ws.owner, 'POST', '/api/projects', { name: 'bad set', schema });
  assert.equal(r.status, 400);
  assert.match(r.body.error!.message, /label set name is 1–64 letters, digits, - or _/);
  const patch = await call(server.url, ws.owner, 'PATCH', `/api/projects/${pid}`, { schema: { ...schema, docLabelSets: [{ name: 'with space', choice: 'single', values: ['a'] }] } });
  assert.equal(patch.status, 400);
});

test('a display name with a script payload comes back verbatim, and usernames cannot hold markup', async () => {
  const made = await call(server.url, ws.admin, 'POST', '/api/users', { username: 'mallory', password: 'mallory-password', displayName: P.img });
  assert.equal(made.status, 201);
  const { users } = (await getJson('/api/users')) as { users: Array<{ username: string; displayName: string }> };
  assert.equal(users.find((u) => u.username === 'mallory')!.displayName, P.img);
  const me = await call<{ user: { displayName: string } }>(server.url, await login(server.url, 'mallory', 'mallory-password'), 'GET', '/api/me');
  assert.equal(me.body.user.displayName, P.img);
  const refused = await call(server.url, ws.admin, 'POST', '/api/users', { username: P.script, password: 'long-enough-pw' });
  assert.equal(refused.status, 400);
});

// lib0 decodes an object key "__proto__" by setting the prototype, so every field lives in the
// prototype: validation reads them through it and passes, while the value's own JSON is `{}` —
// what it becomes once re-encoded (compaction, merged fan-out). Fix: shared/validation.ts isObj.
test('a span whose fields hide in its prototype is refused as invalid', async () => {
  const s = await openRaw(server.url, { cookie: ws.ann1.cookie });
  try {
    await s.emit('join', [`${ws.docIds[0]}/shared`], true);
    const d = new Y.Doc();
    const value = JSON.parse(`{"__proto__": {"start": 0, "end": 3, "label": "PERSON", "author": "${ws.ann1.userId}", "at": 1}}`) as unknown;
    d.getMap('spans').set('hidden', value);
    const [res] = (await s.emit('y', [`${ws.docIds[0]}/shared`, encodeSync(SyncType.update, Y.encodeStateAsUpdate(d))], true)) as [Ack<unknown>];
    assert.ok('error' in res && res.error.code === 'invalid_update', `answered ${JSON.stringify(res)}`);
  } finally {
    s.close();
  }
});
