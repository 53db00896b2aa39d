// HTTP fuzzing: every API route gets seeded bodies of wrong shapes, huge and deeply nested JSON,
// wrong content types and encodings, and hostile path parameters. The server must answer each
// with a 4xx JSON error (or a success), never a 5xx or a leaked stack/SQL message, and a refused
// request must change nothing (a fingerprint of every table is compared).
import { startServer } from '../helpers/server.ts';
import { seedWorkspace, type Session } from '../helpers/api.ts';
import { rng } from '../helpers/clients.ts';
import { auditStore } from '../helpers/layer-audit.ts';
import type { Store } from '../../db/store.ts';
import { int, pick } from './fuzz.values.ts';

export interface HttpFuzzFigures {
  requests: number;
  byStatus: Record<string, number>;
  maxMs: number;
  findings: string[];
}

const FIELDS = ['username', 'password', 'name', 'schema', 'spanLabels', 'relationTypes', 'docLabelSets', 'mode', 'overlap', 'role', 'guidelines', 'displayName', 'isAdmin', 'color', 'hotkey', 'values', 'choice', '__proto__', 'constructor'];
type R = () => number;

export function randomJson(r: R, depth = 0): unknown {
  const k = int(r, depth > 3 ? 5 : 8);
  if (k === 0) return pick(r, [null, true, false]);
  if (k === 1) return pick(r, [0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 20, 1]);
  if (k === 2) return pick(r, ['', 'x', 'x'.repeat(70_000), '<img src=x onerror=alert(1)>', "'; DROP TABLE users; --", '\u0000', 'collaborative', 'owner', '#ffffff', 'ann1']);
  if (k === 3) return `${'ü'.repeat(int(r, 300))}`;
  if (k === 4) return pick(r, [[], {}, [null]]);
  if (k < 7) return Object.fromEntries(Array.from({ length: int(r, 5) }, () => [pick(r, FIELDS), randomJson(r, depth + 1)]));
  return Array.from({ length: int(r, 4) }, () => randomJson(r, depth + 1));
}

/** Every route of the API, with its path parameters filled by `p`. */
function routes(p: { pid: string; did: string; user: string; owner: string; item: string }): Array<[string, string]> {
  return [
    ['POST', '/api/login'], ['POST', '/api/logout'], ['GET', '/api/me'], ['GET', '/api/users'], ['POST', '/api/users'],
    ['GET', '/api/projects'], ['POST', '/api/projects'], ['GET', `/api/projects/${p.pid}`], ['PATCH', `/api/projects/${p.pid}`],
    ['PUT', `/api/projects/${p.pid}/members/${p.user}`], ['DELETE', `/api/projects/${p.pid}/members/${p.user}`],
    ['GET', `/api/projects/${p.pid}/documents`], ['GET', `/api/projects/${p.pid}/queue/next`], ['POST', `/api/projects/${p.pid}/documents/import?format=tagteam-jsonl`],
    ['GET', `/api/projects/${p.pid}/review`], ['GET', `/api/projects/${p.pid}/agreement`], ['GET', `/api/projects/${p.pid}/export?format=csv`],
    ['GET', `/api/projects/${p.pid}/export/formats`], ['GET', `/api/documents/${p.did}`], ['GET', `/api/documents/${p.did}/sets`],
    ['POST', `/api/documents/${p.did}/layers/${p.owner}/submit`], ['POST', `/api/documents/${p.did}/layers/${p.owner}/reopen`],
    ['GET', `/api/documents/${p.did}/review`], ['GET', `/api/documents/${p.did}/compare`], ['GET', '/api/nope'], ['PUT', '/api/projects'],
    ['PUT', `/api/documents/${p.did}/review/cleared/${p.item}`], ['DELETE', `/api/documents/${p.did}/review/cleared/${p.item}`],
  ];
}

const HOSTILE_IDS = ['%00', '..%2F..%2Fetc', 'x'.repeat(3000), '%E2%80%AE', '%zz', "1'%20OR%20'1'='1", '%F0%9F%98%80', 'null', '__proto__'];
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/vnd.api+json', ''];

function body(r: R): { body: string | Uint8Array; headers: Record<string, string>; what: string } {
  const k = int(r, 10);
  const ct = k < 6 ? 'application/json' : pick(r, CONTENT_TYPES);
  const headers: Record<string, string> = ct ? { 'content-type': ct } : {};
  if (k === 0) return { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers, what: 'deeply nested JSON' };
  if (k === 1) return { body: JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }), headers, what: 'JSON over the body limit' };
  if (k === 2) return { body: '{"name": "x", ', headers, what: 'truncated JSON' };
  if (k === 3) return { body: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), headers: { ...headers, 'content-encoding': pick(r, ['gzip', 'deflate', 'br', 'zstd', 'x-evil']) }, what: 'bad content encoding' };
  return { body: JSON.stringify(randomJson(r)), headers, what: `random JSON as ${ct || 'no content type'}` };
}

async function fingerprint(store: Store): Promise<string> {
  const tables = ['users', 'projects', 'members', 'documents', 'assignments', 'layers', 'layer_updates', 'annotation_sets', 'set_spans', 'review_cleared'];
  const counts = await Promise.all(tables.map((t) => store.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t}`)));
  const p = await store.db.all<{ name: string; schema_json: string; mode: string; overlap: number }>('SELECT name, schema_json, mode, overlap FROM projects ORDER BY id');
  const m = await store.db.all<{ role: string }>('SELECT project_id, user_id, role FROM members ORDER BY 1, 2');
  return JSON.stringify([counts.map((c) => c?.n), p, m]);
}

export async function runHttpFuzz(o: { seed: number; requests: number; log?: (l: string) => void }): Promise<HttpFuzzFigures> {
  const r = rng(o.seed);
  const server = await startServer({ config: { maxImportBytes: 256 * 1024 } });
  const f: HttpFuzzFigures = { requests: 0, byStatus: {}, maxMs: 0, findings: [] };
  const found = new Map<string, string>();
  try {
    const ws = await seedWorkspace(server);
    const who: Array<Session | null> = [ws.owner, ws.admin, ws.ann1, null];
    const params = () => ({
      pid: r() < 0.8 ? ws.projectId : pick(r, HOSTILE_IDS),
      did: r() < 0.8 ? ws.docIds[0]! : pick(r, HOSTILE_IDS),
      user: r() < 0.7 ? pick(r, ['ann2', 'outsider', 'reviewer']) : pick(r, HOSTILE_IDS),
      owner: r() < 0.8 ? 'shared' : pick(r, ['gold', 'predictions', `user:${ws.ann1.userId}`, ...HOSTILE_IDS]),
      item: r() < 0.5 ? pick(r, ['span:0-3', 'doc:topic', 'rel:0-3:PERSON%3E4-9:ORG']) : pick(r, HOSTILE_IDS),
    });
    for (let i = 0; i < o.requests; i++) {
      const [method, path] = pick(r, routes(params()));
      const b = method === 'GET' || method === 'DELETE' ? { body: undefined, headers: {}, what: 'no body' } : body(r);
      const session = path === '/api/logout' ? null : pick(r, who); // a logout would end the fuzzer's own sessions
      const before = await fingerprint(server.store);
      const t = performance.now();
      const res = await fetch(server.url + path, { method, body: b.body as BodyInit | undefined, headers: { ...b.headers, ...(session ? { cookie: session.cookie } : {}) } });
      const text = await res.text();
      f.maxMs = Math.max(f.maxMs, performance.now() - t);
      f.requests++;
      f.byStatus[res.status] = (f.byStatus[res.status] ?? 0) + 1;
      const where = `${method} ${path.slice(0, 80)} with ${b.what}: ${res.status} ${text.slice(0, 160)}`;
      const note = (rule: string) => found.has(rule) || found.set(rule, where);
      if (res.status >= 500) note(`a ${res.status} answer`);
      if (/\n\s+at |SQLITE|sqlite3|node_modules/i.test(text)) note('an answer leaks a stack trace or SQL error');
      if (res.status >= 400 && path.startsWith('/api/')) {
        let parsed: { error?: { code?: unknown; message?: unknown } } = {};
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          /* checked below */
        }
        if (typeof parsed.error?.code !== 'string' || typeof parsed.error.message !== 'string') note('an error answer is not { error: { code, message } }');
        if (method !== 'GET' && (await fingerprint(server.store)) !== before) note('a refused request changed data');
      }
      if (i % 500 === 499) o.log?.(`${i + 1} HTTP requests`);
    }
    const audit = await auditStore(server.store);
    for (const p of audit.problems.slice(0, 3)) found.set(`a layer is invalid after the HTTP fuzz: ${p}`, p);
    f.findings = [...found].map(([rule, where]) => `${rule}; first: ${where}`);
    f.maxMs = Math.round(f.maxMs);
    return f;
  } finally {
    await server.stop();
  }
}
