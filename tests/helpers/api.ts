// A tiny HTTP client for tests: sign in, keep the session cookie, call the JSON API.
import type { Role, TagSchema } from '../../shared/domain.ts';
import { ADMIN_PASSWORD, type TestServer } from './server.ts';

export interface Session {
  username: string;
  cookie: string;
  userId: string;
}
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: { code: string; message: string } };
}

export async function call<T = Record<string, unknown>>(
  url: string,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...(session ? { cookie: session.cookie } : {}), ...headers } };
  if (body instanceof Uint8Array || typeof body === 'string') init.body = body as BodyInit;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(url + path, init);
  const text = await res.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed as Reply<T>['body'] };
}

export async function login(url: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await res.json()) as { user: { id: string } };
  return { username, cookie, userId: body.user.id };
}

export const TEST_SCHEMA: TagSchema = {
  spanLabels: [
    { name: 'PERSON', color: '#1f77b4', hotkey: '1' },
    { name: 'ORG', color: '#2ca02c', hotkey: '2' },
    { name: 'GPE', color: '#d62728', hotkey: '3' },
  ],
  relationTypes: [{ name: 'works_for' }],
  docLabelSets: [{ name: 'topic', choice: 'single', values: ['politics', 'sport'] }],
};

export interface Workspace {
  projectId: string;
  docIds: string[];
  admin: Session;
  owner: Session;
  reviewer: Session;
  ann1: Session;
  ann2: Session;
  outsider: Session;
}

/** Creates users of every role, a project (owner = `owner`), and imports `texts` as documents. */
export async function seedWorkspace(
  server: Pick<TestServer, 'url'>,
  opts: { mode?: 'collaborative' | 'independent'; overlap?: number; texts?: string[] } = {},
): Promise<Workspace> {
  const url = server.url;
  const admin = await login(url, 'admin', ADMIN_PASSWORD);
  const names = ['owner', 'reviewer', 'ann1', 'ann2', 'outsider'];
  for (const n of names) {
    const r = await call(url, admin, 'POST', '/api/users', { username: n, password: `${n}-password` });
    if (r.status !== 201 && r.status !== 409) throw new Error(`create ${n}: ${JSON.stringify(r.body)}`);
  }
  const s = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await login(url, n, `${n}-password`)] as const))) as Record<string, Session>;
  const created = await call<{ project: { id: string } }>(url, s.owner!, 'POST', '/api/projects', {
    name: 'Test project',
    schema: TEST_SCHEMA,
    mode: opts.mode ?? 'collaborative',
    overlap: opts.overlap ?? 2,
  });
  if (created.status !== 201) throw new Error(`create project: ${JSON.stringify(created.body)}`);
  const projectId = created.body.project.id;
  const roles: Array<[string, Role]> = [['reviewer', 'reviewer'], ['ann1', 'annotator'], ['ann2', 'annotator']];
  for (const [n, role] of roles) await call(url, s.owner!, 'PUT', `/api/projects/${projectId}/members/${n}`, { role });
  const texts = opts.texts ?? ['Ada Lovelace met Charles Babbage in London.', 'The Royal Society met in 1843.'];
  const jsonl = texts.map((text, i) => JSON.stringify({ text, title: `Doc ${i + 1}` })).join('\n');
  const imp = await call<{ result: { documentIds: string[] } }>(url, s.owner!, 'POST', `/api/projects/${projectId}/documents/import?format=tagteam-jsonl`, jsonl, {
    'content-type': 'application/x-ndjson',
  });
  if (imp.status !== 201) throw new Error(`import: ${JSON.stringify(imp.body)}`);
  return { projectId, docIds: imp.body.result.documentIds, admin, owner: s.owner!, reviewer: s.reviewer!, ann1: s.ann1!, ann2: s.ann2!, outsider: s.outsider! };
}
