// Web security of the HTTP and socket.io surface: session cookie flags, security headers with a
// content security policy on every kind of answer, and refusal of cross-site requests and
// handshakes (a foreign Origin), with no CORS opening.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { call, login, seedWorkspace, type Workspace } from '../helpers/api.ts';
import { RawSocket } from '../helpers/raw-socket.ts';
import { ADMIN_PASSWORD } from '../helpers/server.ts';

let server: TestServer;
let ws: Workspace;

before(async () => {
  server = await startServer();
  ws = await seedWorkspace(server);
});
after(() => server.stop());

function cookieAttributes(setCookie: string): Map<string, string> {
  const parts = setCookie.split(';').map((p) => p.trim());
  return new Map(parts.slice(1).map((p) => [p.split('=')[0]!.toLowerCase(), p.split('=').slice(1).join('=')]));
}

test('the session cookie is HttpOnly, SameSite=Lax, for the whole site, long-lived, and random', async () => {
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  const set = res.headers.get('set-cookie')!;
  const [nameValue] = set.split(';');
  assert.match(nameValue!, /^tagteam_session=[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
  const attrs = cookieAttributes(set);
  assert.ok(attrs.has('httponly'), 'HttpOnly: page scripts cannot read it');
  assert.equal(attrs.get('samesite')?.toLowerCase(), 'lax');
  assert.equal(attrs.get('path'), '/');
  assert.ok(!attrs.has('secure'), 'not Secure over plain HTTP (it would never be sent back)');
  assert.ok(Number(attrs.get('max-age')) > 0);
  const second = await login(server.url, 'admin', ADMIN_PASSWORD);
  assert.notEqual(second.cookie, nameValue, 'each sign-in gets a new token');
});

test('behind HTTPS (TAGTEAM_SECURE_COOKIES=1) the session cookie is also Secure', async () => {
  const secure = await startServer({ config: { secureCookies: true } });
  try {
    const res = await fetch(`${secure.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    assert.ok(cookieAttributes(res.headers.get('set-cookie')!).has('secure'));
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  } finally {
    await secure.stop();
  }
});

test('signing out clears the cookie and the session stops working at once', async () => {
  const s = await login(server.url, 'ann1', 'ann1-password');
  const out = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie: s.cookie } });
  assert.match(out.headers.get('set-cookie') ?? '', /tagteam_session=;.*Expires=Thu, 01 Jan 1970/);
  assert.equal((await call(server.url, s, 'GET', '/api/me')).status, 401);
});

const CSP_DIRECTIVES: Array<[string, RegExp]> = [
  ['default-src', /default-src 'self'/],
  ['script-src', /script-src 'self'(;|$)/],
  ['object-src', /object-src 'none'/],
  ['frame-ancestors', /frame-ancestors 'none'/],
  ['base-uri', /base-uri 'self'/],
  ['form-action', /form-action 'self'/],
];

for (const [what, path, method] of [
  ['a JSON answer', '/api/me', 'GET'],
  ['an error answer', '/api/nope', 'GET'],
  ['the health check', '/healthz', 'GET'],
  ['a refused cross-site write', '/api/projects', 'POST'],
  ['a page outside the API', '/some/page', 'GET'],
] as const) {
  test(`${what} carries the security headers and a content security policy without inline scripts`, async () => {
    const res = await fetch(server.url + path, { method, headers: { cookie: ws.owner.cookie, ...(method === 'POST' ? { origin: 'https://evil.example' } : {}) } });
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const [name, re] of CSP_DIRECTIVES) assert.match(csp, re, `${name} in "${csp}"`);
    assert.doesNotMatch(csp, /'unsafe-inline'[^;]*;?\s*$|script-src[^;]*'unsafe-(inline|eval)'/, 'scripts never run inline or from eval');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(res.headers.get('x-powered-by'), null, 'the framework is not advertised');
    assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS opening');
  });
}

test('every state-changing API request with a foreign Origin is refused with 403 and changes nothing', async () => {
  const P = ws.projectId;
  const D = ws.docIds[0]!;
  const cases: Array<[string, string, unknown]> = [
    ['POST', '/api/login', { username: 'admin', password: ADMIN_PASSWORD }],
    ['POST', '/api/logout', undefined],
    ['POST', '/api/users', { username: 'csrf-user', password: 'long-enough-pw' }],
    ['POST', '/api/projects', { name: 'csrf', schema: { spanLabels: [{ name: 'X', color: '#000000' }] } }],
    ['PATCH', `/api/projects/${P}`, { name: 'pwned' }],
    ['PUT', `/api/projects/${P}/members/outsider`, { role: 'owner' }],
    ['DELETE', `/api/projects/${P}/members/ann1`, undefined],
    ['POST', `/api/projects/${P}/documents/import?format=text`, 'csrf text'],
    ['POST', `/api/documents/${D}/layers/shared/submit`, undefined],
  ];
  const state = async () => JSON.stringify([(await call(server.url, ws.owner, 'GET', `/api/projects/${P}`)).body, (await call(server.url, ws.owner, 'GET', `/api/projects/${P}/documents`)).body]);
  const before = await state();
  for (const origin of ['https://evil.example', 'null', `http://127.0.0.1.evil.example:${server.port}`, 'http://localhost:1']) {
    for (const [method, path, body] of cases) {
      const r = await call(server.url, ws.owner, method, path, body, { origin, ...(typeof body === 'string' ? { 'content-type': 'text/plain' } : {}) });
      assert.equal(r.status, 403, `${method} ${path} from ${origin}: ${r.status}`);
      assert.equal(r.body.error?.code, 'forbidden');
    }
  }
  assert.equal(await state(), before, 'nothing changed');
  assert.equal((await call(server.url, ws.owner, 'GET', '/api/me')).status, 200, 'the session survived the cross-site logout');
  const same = await call(server.url, ws.owner, 'PATCH', `/api/projects/${P}`, { name: 'Same-origin rename' }, { origin: server.url });
  assert.equal(same.status, 200, 'the same request from our own origin works');
});

test('a socket.io handshake with a foreign Origin is refused, even with a valid session cookie', async () => {
  for (const origin of ['https://evil.example', 'null']) {
    const s = new RawSocket(server.url, { cookie: ws.owner.cookie, origin });
    await assert.rejects(s.ready, /upgrade refused: HTTP 40[03]/, origin);
    s.close();
  }
  const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: ws.owner.cookie, origin: 'https://evil.example' } });
  assert.ok(polling.status === 400 || polling.status === 403, `the polling transport refuses it too (${polling.status})`);
  assert.match(await polling.text(), /cross-site handshake refused/, 'with the reason');
  const ok = new RawSocket(server.url, { cookie: ws.owner.cookie, origin: server.url });
  assert.match(await ok.ready, /^[\w-]+$/, 'our own origin connects');
  ok.close();
});
