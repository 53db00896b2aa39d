// Hostile content renders as text in a real browser and runs nothing: article text and title,
// project name, span labels, notes, relation types, document labels and a co-annotator's display
// name (shown in presence) all hold HTML/script payloads. Every payload assigns window.__pwned
// if it ever executes; the app must also run under its content security policy without a
// violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { call, login, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, screenshot, startAppServer } from '../helpers/browser.ts';
import { openLayer } from '../helpers/clients.ts';
import { putRelation, putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asRelationId, asSpanId, asUserId } from '../../shared/ids.ts';

const P = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'">',
  svg: '"><svg onload="window.__pwned = \'svg\'">',
  js: 'javascript:window.__pwned="js"//',
  tpl: '${window.__pwned = "tpl"} {{constructor.constructor("window.__pwned = 1")()}}',
};
const TEXT = `Ada ${P.script} met ${P.img} in ${P.svg}. ${P.js} ${P.tpl} The end.`;

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let pid: string;
let did: string;
let mallory: Session & { userId: string };

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server);
  const schema = {
    spanLabels: [{ name: P.img, color: '#112233', hotkey: '1' }, { name: 'PERSON', color: '#1f77b4', hotkey: '2' }],
    relationTypes: [{ name: P.script }],
    docLabelSets: [{ name: 'tone', choice: 'multiple', values: [P.svg, P.js] }],
  };
  const created = await call<{ project: { id: string } }>(server.url, ws.owner, 'POST', '/api/projects', { name: P.script, guidelines: P.img, schema, mode: 'collaborative', overlap: 2 });
  pid = created.body.project.id;
  assert.equal((await call(server.url, ws.admin, 'POST', '/api/users', { username: 'mallory', password: 'mallory-password', displayName: P.img })).status, 201);
  mallory = (await login(server.url, 'mallory', 'mallory-password')) as Session & { userId: string };
  for (const n of ['ann1', 'mallory']) await call(server.url, ws.owner, 'PUT', `/api/projects/${pid}/members/${n}`, { role: 'annotator' });
  const imp = await call<{ result: { documentIds: string[] } }>(server.url, ws.owner, 'POST', `/api/projects/${pid}/documents/import?format=tagteam-jsonl`, JSON.stringify({ text: TEXT, title: P.svg }), {
    'content-type': 'application/x-ndjson',
  });
  did = imp.body.result.documentIds[0]!;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Records CSP violations in the page before any of its scripts run, and gives it `allText()`:
 * the text of the document and of every shadow root (Lit renders into shadow roots).
 */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; allText: () => string; injected: () => number };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    const roots = (): Array<Document | ShadowRoot> => {
      const out: Array<Document | ShadowRoot> = [document];
      for (let i = 0; i < out.length; i++) for (const el of out[i]!.querySelectorAll('*')) if (el.shadowRoot) out.push(el.shadowRoot);
      return out;
    };
    w.allText = () => roots().map((r) => (r instanceof Document ? r.body.innerText : r.textContent ?? '')).join('\n');
    w.injected = () => roots().reduce((n, r) => n + r.querySelectorAll('script:not([src]), img[src="x"], svg[onload], [onerror], [onload]').length, 0);
  });
}

declare function allText(): string;

/** Every payload shows as its characters; none became an element, ran, or broke the CSP. */
async function checkPage(page: Page, shown: string[]): Promise<void> {
  const text = await page.evaluate(() => allText());
  for (const p of shown) assert.ok(text.includes(p), `"${p}" is shown as text`);
  assert.equal(await page.evaluate(() => (window as unknown as { injected: () => number }).injected()), 0, 'no payload became an element');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'nothing executed');
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no content security policy violation');
  assert.deepEqual(pageErrors(page), []);
}

test('payloads in text, title, project name, labels, notes, relations, document labels and a display name render as text and run nothing', async () => {
  // Mallory (display name = an <img onerror>) annotates with payload notes and stays present.
  const me = await call<{ user: { id: string } }>(server.url, mallory, 'GET', '/api/me');
  const author = asUserId(me.body.user.id);
  const m = openLayer(server.url, `${did}/shared`, { headers: { cookie: mallory.cookie } });
  try {
    await m.provider.whenSaved();
    const start = TEXT.indexOf('Ada');
    m.doc.transact(() => {
      putSpan(m.doc, asSpanId('s1'), { start, end: start + 3, label: P.img, author, at: 1, note: P.script });
      putSpan(m.doc, asSpanId('s2'), { start: TEXT.indexOf('The end'), end: TEXT.indexOf('The end') + 3, label: 'PERSON', author, at: 2, note: P.svg });
      putRelation(m.doc, asRelationId('r1'), { from: asSpanId('s1'), to: asSpanId('s2'), type: P.script, author, at: 3 });
      setDocLabel(m.doc, 'tone', [P.svg, P.js]);
    });
    await m.provider.whenSaved();
    m.provider.awareness.setLocalStateField('user', { name: P.img, color: '#ff0000' });

    const page = await openPage(await contextFor(browser, server, ws.ann1), server, `/documents/${did}`);
    await watchCsp(page);
    await page.reload();
    await page.locator('tt-status-pill [data-status="saved"]').waitFor({ timeout: 10_000 });
    // Mallory's presence (the hostile display name) and spans are on screen.
    await page.waitForFunction((name) => allText().includes(name), P.img);
    await checkPage(page, [P.script, P.img, P.svg, P.js]);
    await screenshot(page, 'security-payloads-annotator');
    // The project page: hostile project name, title and guidelines.
    await page.goto(`${server.url}/projects/${pid}?tt-test`);
    await page.waitForFunction((name) => allText().includes(name), P.script);
    await checkPage(page, [P.script, P.svg]);
  } finally {
    m.close();
  }
});
