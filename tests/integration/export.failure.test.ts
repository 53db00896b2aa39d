// An export that would write a wrong offset fails loudly and never looks complete: a JSON error when
// nothing was sent, an aborted download when bytes were, exit 1 and no file from the CLI. Also the
// CLI's normal run against the data folder (to a file and to stdout) while the server is up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { FORMATS } from '../../shared/formats/index.ts';
import { Sessions } from '../../server/auth/sessions.ts';
import { exportRoutes } from '../../server/http/export.routes.ts';
import { errorHandler } from '../../server/http/errors.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIRST = '😀 Ada met Bob in 東京.\r\nZoe\u0301 said مرحبا.';
const SECOND = '🇫🇷 Charles visited 👨‍👩‍👧 in Paris.';
const EXPORTABLE = FORMATS.filter((f) => f.createWriter).map((f) => f.id);

let server: TestServer;
let ws: Workspace;
let project: string;
let base: string;
let closeSide = async () => undefined as unknown;

async function exportBase(s: TestServer, who: Session): Promise<string> {
  const probe = await call(s.url, who, 'GET', `/api/projects/none/export/formats`);
  if (probe.body.error?.message !== 'no such API route') return s.url;
  const app = express();
  const api = express.Router();
  api.use('/projects/:pid/export', exportRoutes(s.store, new Sessions(s.store.users, false), s.app.log));
  api.use(errorHandler(s.app.log));
  app.use('/api', api);
  const side = app.listen(0, '127.0.0.1');
  await new Promise((r) => side.once('listening', r));
  closeSide = () => new Promise((r) => side.close(r));
  return `http://127.0.0.1:${(side.address() as AddressInfo).port}`;
}

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server, { mode: 'collaborative', texts: ['unused'] });
  base = await exportBase(server, ws.owner);
  // A second project whose documents arrive with their gold sets (import `as=finished`).
  const p = await call<{ project: { id: string } }>(server.url, ws.owner, 'POST', '/api/projects', {
    name: 'Zoë’s 東京 corpus',
    schema: { spanLabels: [{ name: 'PERSON', color: '#1f77b4' }, { name: 'GPE', color: '#d62728' }], relationTypes: [{ name: 'visited' }] },
  });
  project = p.body.project.id;
  await call(server.url, ws.owner, 'PUT', `/api/projects/${project}/members/reviewer`, { role: 'reviewer' });
  const at = (t: string, q: string) => ({ start: t.indexOf(q), end: t.indexOf(q) + q.length, quote: q });
  const lines = [
    { text: FIRST, title: 'first', spans: [{ ...at(FIRST, 'Ada'), label: 'PERSON', id: 'a' }, { ...at(FIRST, '東京'), label: 'GPE', id: 't' }, { ...at(FIRST, 'Zoe\u0301'), label: 'PERSON' }], relations: [{ from: 'a', to: 't', type: 'visited' }] },
    { text: SECOND, title: 'second', spans: [{ ...at(SECOND, 'Charles'), label: 'PERSON' }, { ...at(SECOND, 'Paris'), label: 'GPE' }] },
  ];
  const imp = await call(server.url, ws.owner, 'POST', `/api/projects/${project}/documents/import?format=tagteam-jsonl&as=finished&annotator=gold`, lines.map((l) => JSON.stringify(l)).join('\n'), {
    'content-type': 'application/x-ndjson',
  });
  assert.equal(imp.status, 201, JSON.stringify(imp.body));
});
after(async () => {
  await closeSide();
  await server.stop();
});

/** Points a span of one document into the middle of its text's first emoji (a surrogate pair); returns the undo. */
async function corrupt(title: 'first' | 'second'): Promise<{ spanId: string; undo: () => Promise<void> }> {
  const row = (await server.store.db.get<{ set_id: number; span_id: string; start: number }>(
    `SELECT x.set_id, x.span_id, x.start FROM set_spans x JOIN annotation_sets s ON s.id = x.set_id JOIN documents d ON d.id = s.document_id
     WHERE d.project_id = ? AND d.title = ? ORDER BY x.start LIMIT 1`,
    [project, title],
  ))!;
  await server.store.db.run('UPDATE set_spans SET start = 1 WHERE set_id = ? AND span_id = ?', [row.set_id, row.span_id]);
  return { spanId: row.span_id, undo: async () => void (await server.store.db.run('UPDATE set_spans SET start = ? WHERE set_id = ? AND span_id = ?', [row.start, row.set_id, row.span_id])) };
}

const exportUrl = (q: string) => `${base}/api/projects/${project}/export${q}`;

test('a bad offset in the first document: a JSON error and not one byte of file', async () => {
  const { spanId, undo } = await corrupt('first');
  try {
    for (const id of EXPORTABLE) {
      const r = await call(base, ws.reviewer, 'GET', `/api/projects/${project}/export?format=${id}`);
      assert.equal(r.status, 409, `${id}: ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.match(r.body.error!.message, new RegExp(`export failed: document \\S+, span ${spanId}: .*surrogate pair`), id);
    }
  } finally {
    await undo();
  }
});

test('a bad offset after bytes were sent: the download fails instead of ending as if complete', async () => {
  const { spanId, undo } = await corrupt('second');
  try {
    for (const id of EXPORTABLE) {
      const token = `tok-${id}-${Date.now()}`;
      await assert.rejects(
        async () => {
          const res = await fetch(exportUrl(`?format=${id}&progress=${token}`), { headers: { cookie: ws.owner.cookie } });
          assert.equal(res.status, 200);
          await res.arrayBuffer();
        },
        (e: Error) => e.name !== 'AssertionError',
        `${id}: the body must not end cleanly`,
      );
      const p = await call<{ state: string; error: string; documents: number; total: { documents: number } }>(base, ws.owner, 'GET', `/api/projects/${project}/export/progress/${token}`);
      assert.equal(p.body.state, 'failed', id);
      assert.match(p.body.error, new RegExp(`span ${spanId}`));
      assert.deepEqual([p.body.documents, p.body.total.documents], [1, 2]);
      assert.equal((await call(base, ws.reviewer, 'GET', `/api/projects/${project}/export/progress/${token}`)).status, 404, 'progress is private to who exported');
    }
  } finally {
    await undo();
  }
});

test('a text that no longer matches its recorded sha256 fails the export', async () => {
  const doc = (await server.store.db.get<{ id: string; text_hash: string }>('SELECT id, text_hash FROM documents WHERE project_id = ? AND title = ?', [project, 'first']))!;
  await server.store.db.run('UPDATE documents SET text_hash = ? WHERE id = ?', ['0'.repeat(64), doc.id]);
  try {
    const r = await call(base, ws.owner, 'GET', `/api/projects/${project}/export?format=csv`);
    assert.equal(r.status, 409);
    assert.match(r.body.error!.message, /does not match the sha256/);
  } finally {
    await server.store.db.run('UPDATE documents SET text_hash = ? WHERE id = ?', [doc.text_hash, doc.id]);
  }
});

test('with quotes stored beside the spans, a shift onto other valid characters is caught too', async () => {
  // Submit stores each span's quote (migration 003), so the export can compare against it.
  const row = (await server.store.db.get<{ set_id: number; span_id: string }>(
    `SELECT x.set_id, x.span_id FROM set_spans x JOIN annotation_sets s ON s.id = x.set_id JOIN documents d ON d.id = s.document_id WHERE d.title = 'second' AND x.label = 'GPE'`,
  ))!;
  const stored = await server.store.db.get<{ quote: string }>('SELECT quote FROM set_spans WHERE set_id = ? AND span_id = ?', [row.set_id, row.span_id]);
  assert.equal(stored!.quote, 'Paris', 'submit stored the quote');
  assert.equal((await fetch(exportUrl('?format=tagteam-jsonl'), { headers: { cookie: ws.owner.cookie } })).status, 200, 'the right quote passes');
  await server.store.db.run('UPDATE set_spans SET start = start + 1, end = end + 1 WHERE set_id = ? AND span_id = ?', [row.set_id, row.span_id]);
  try {
    await assert.rejects(async () => (await fetch(exportUrl('?format=tagteam-jsonl'), { headers: { cookie: ws.owner.cookie } })).arrayBuffer());
  } finally {
    await server.store.db.run('UPDATE set_spans SET start = start - 1, end = end - 1 WHERE set_id = ? AND span_id = ?', [row.set_id, row.span_id]);
  }
});

function run(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let registered: boolean | undefined;
/**
 * `node bin/tagteam.js …`. Until the lead lists exportCommand in server/cli/commands.ts, the same
 * main.ts runs with the command pushed into COMMANDS by a preloaded module (same module instance).
 */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  registered ??= (await run([path.join(ROOT, 'bin/tagteam.js'), 'help'])).stdout.includes('tagteam export');
  if (registered) return run([path.join(ROOT, 'bin/tagteam.js'), ...args]);
  const url = (p: string) => new URL(p, `file://${ROOT}`).href;
  const preload = `import { COMMANDS } from '${url('server/cli/commands.ts')}'; import { exportCommand } from '${url('server/cli/export.command.ts')}'; COMMANDS.push(exportCommand);`;
  return run(['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(preload)}`, path.join(ROOT, 'server/cli/main.ts'), ...args]);
}

test('CLI: exports to a file with progress on stderr, and to stdout', async () => {
  const out = path.join(server.dataDir, 'gold.jsonl');
  const r = await cli(['export', project, '--format', 'tagteam-jsonl', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\r2\/2 documents/);
  assert.match(r.stderr, /exported 2 documents, 2 sets, 5 spans/);
  const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { text: string; annotator: string });
  assert.deepEqual(lines.map((l) => [l.text, l.annotator]), [[FIRST, 'gold'], [SECOND, 'gold']]);
  const conll = await cli(['export', project, '--format', 'conll-iob2', '--labels', 'GPE']);
  assert.equal(conll.code, 0, conll.stderr);
  assert.match(conll.stdout, /^-DOCSTART- -X- -X- O\n\n😀 -X- _ O\nAda -X- _ O\n/);
  assert.match(conll.stdout, /東京 -X- _ B-GPE/);
  const usage = await cli(['export', project, '--format', 'csv', '--sets', 'everyone']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /sets: /);
});

test('CLI: a bad offset exits 1 with the reason and leaves no file behind', async () => {
  const { spanId, undo } = await corrupt('second');
  try {
    const out = path.join(server.dataDir, 'broken.csv');
    const r = await cli(['export', project, '--format', 'csv', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`export failed: document \\S+, span ${spanId}: offsets \\[1, \\d+\\) split a surrogate pair; .*broken.csv was not written`));
    assert.equal(existsSync(out), false);
    assert.deepEqual((await readdir(server.dataDir)).filter((f) => f.includes('partial')), []);
  } finally {
    await undo();
  }
});
