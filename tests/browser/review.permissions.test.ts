// Who may adjudicate: an annotator who opens the review view (or the review queue) gets a clear
// "not allowed" screen, the API answers 403, and gold refuses their writes. Once the document is
// done, the same address shows the annotator their own spans compared with gold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { call, type Workspace } from '../helpers/api.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, screenshot, startAppServer } from '../helpers/browser.ts';
import { at, disputedWorkspace, storedGold, writeAndSubmit } from './review.fixture.ts';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let ann1: BrowserContext;
let D: string;

before(async () => {
  server = await startAppServer();
  ws = await disputedWorkspace(server);
  D = ws.docIds[0]!;
  browser = await launchBrowser();
  ann1 = await contextFor(browser, server, ws.ann1);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an annotator opening the review view gets a clear "not allowed" screen, and the API answers 403', async () => {
  const page = await openPage(ann1, server, `/documents/${D}/review`);
  await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
  assert.match(await page.getByRole('alert').textContent() ?? '', /Only reviewers and project owners adjudicate/);
  assert.equal(await page.locator('tt-review-text, tt-dispute-card').count(), 0, 'no adjudication data on screen');
  await screenshot(page, 'review-03-not-allowed');
  assert.equal((await call(server.url, ws.ann1, 'GET', `/api/documents/${D}/review`)).status, 403);
  const queue = await openPage(ann1, server, `/projects/${ws.projectId}/review`);
  await queue.getByRole('heading', { name: 'Not allowed' }).waitFor();
  assert.equal((await call(server.url, ws.ann1, 'GET', `/api/projects/${ws.projectId}/review`)).status, 403);
  assert.deepEqual(pageErrors(page), []);
});

test('an annotator cannot write gold: the join is refused and nothing reaches the store', async () => {
  const c = openLayer(server.url, `${D}/gold`, { headers: { cookie: ws.ann1.cookie } });
  const errors: string[] = [];
  c.provider.on('error', (e) => errors.push(e.code));
  await waitFor(() => c.provider.status === 'refused', 'gold join refused');
  putSpan(c.doc, asSpanId('sneaky'), { start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 1 });
  await new Promise((r) => setTimeout(r, 300));
  c.close();
  assert.ok(errors.length > 0, 'the refusal is reported');
  assert.equal(await storedGold(server, D), null);
  const r = await call(server.url, ws.ann1, 'POST', `/api/documents/${D}/layers/gold/submit`);
  assert.ok(r.status === 403 || r.status === 404, `submit gold as annotator → ${r.status}`);
});

test('once gold is submitted, the annotator sees their spans compared with gold, and gold stays read-only for them', async () => {
  await writeAndSubmit(server, ws.reviewer, D, 'gold', (doc, a) => {
    const put = (id: string, r: [number, number], label: string) => putSpan(doc, asSpanId(id), { start: r[0], end: r[1], label, author: a, at: 2 });
    put('g1', at('Ada Lovelace'), 'PERSON');
    put('g2', at('Charles Babbage'), 'ORG');
    put('g3', [at('London')[0], at('London.')[1]], 'GPE');
    put('g4', at('Royal Society'), 'ORG');
  });
  // The annotator finds it from the project page.
  const page = await openPage(ann1, server, `/projects/${ws.projectId}`);
  await page.getByRole('link', { name: 'compare “Doc 1” with gold' }).click();
  await page.locator('.compare-summary').waitFor();
  assert.equal(new URL(page.url()).pathname, `/documents/${D}/review`);
  // ann1: Ada ✓, Royal Society ✓; extra: Babbage PERSON, London (no period), the second Ada; missed: Babbage ORG, "London.".
  assert.deepEqual(await page.locator('.compare-summary li strong').allTextContents(), ['2', '3', '2']);
  assert.equal(await page.locator('.rv-row:not(.gold) .rv-mark.cmp-extra').count(), 3);
  assert.equal(await page.locator('.rv-row.gold .rv-mark.cmp-missed').count(), 2);
  assert.match((await page.locator('.rv-row.gold .rv-mark.cmp-missed').first().getAttribute('data-tag'))!, /ORG · missed/);
  await screenshot(page, 'review-04-compare-with-gold');
  await page.getByLabel('Compare with gold').uncheck();
  assert.equal(await page.locator('.rv-row.gold').count(), 0, 'switched off: only the annotator’s own spans');
  assert.equal(await page.locator('.rv-row .rv-mark').count(), 5);

  const c = openLayer(server.url, `${D}/gold`, { headers: { cookie: ws.ann1.cookie } });
  await waitFor(() => c.provider.synced, 'gold synced for the annotator');
  assert.equal(c.provider.writable, false, 'gold is read-only for an annotator');
  const errors: string[] = [];
  c.provider.on('error', (e) => errors.push(e.code));
  putSpan(c.doc, asSpanId('sneaky'), { start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 3 });
  await waitFor(() => errors.length > 0, 'the write is refused');
  c.close();
  assert.equal((await storedGold(server, D))!.spans.length, 4);
  assert.deepEqual(pageErrors(page), []);
});
