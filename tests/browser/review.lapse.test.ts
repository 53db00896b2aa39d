// Two reviewers with the review open when a "nothing here" decision stops holding: it was made the day
// before, then an annotator reopened their set and changed what is there. After their next refresh
// neither screen counts it any more, though each had been hearing it from the other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId } from '../../shared/ids.ts';
import type { DocumentReview } from '../../shared/api.ts';
import { call, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, startAppServer } from '../helpers/browser.ts';
import { at, disputedWorkspace, writeAndSubmit } from './review.fixture.ts';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let a: Page;
let b: Page;
let D: string;
const worked = `span:${at('worked').join('-')}`;

type Hook = { __tagteam: { review: { refresh(): Promise<void>; cleared: { set: ReadonlySet<string>; own: string[] } } } };
const refresh = (p: Page) => p.evaluate(() => (window as unknown as Hook).__tagteam.review.refresh());
const counts = (p: Page) => p.evaluate(() => [...(window as unknown as Hook).__tagteam.review.cleared.set]);
const saved = (p: Page) => p.locator('tt-status-pill [data-status="saved"]').waitFor({ timeout: 10_000 });

before(async () => {
  server = await startAppServer();
  ws = await disputedWorkspace(server);
  D = ws.docIds[0]!;
  // Decided yesterday ("worked": ann1 has no span there).
  assert.equal((await call(server.url, ws.reviewer, 'PUT', `/api/documents/${D}/review/cleared/${encodeURIComponent(worked)}`)).status, 200);
  browser = await launchBrowser();
  a = await openPage(await contextFor(browser, server, ws.reviewer), server, `/documents/${D}/review`);
  b = await openPage(await contextFor(browser, server, ws.owner), server, `/documents/${D}/review`);
  await saved(a);
  await saved(b);
  await a.locator('tt-presence li').nth(1).waitFor();
  await b.locator('tt-presence li').nth(1).waitFor();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a decision that lapsed on the server leaves both screens at their next refresh', async () => {
  for (const p of [a, b]) assert.ok((await counts(p)).includes(worked), 'both start with it decided');
  const layer = `user:${ws.ann2.userId}`;
  assert.equal((await call(server.url, ws.ann2, 'POST', `/api/documents/${D}/layers/${layer}/reopen`)).status, 200);
  await writeAndSubmit(server, ws.ann2, D, layer, (doc, author) => {
    const [start, end] = at('worked');
    putSpan(doc, asSpanId('w'), { start, end, label: 'PERSON', author, at: 2 });
  });
  assert.deepEqual((await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`)).body.cleared, []);
  await refresh(a);
  await refresh(b);
  for (const p of [a, b]) {
    await p.waitForFunction((id) => ![...(window as unknown as Hook).__tagteam.review.cleared.set].includes(id), worked, { timeout: 5000 });
    assert.equal(await p.locator(`.dispute-row[data-item="${worked}"] .tick`).count(), 0, 'the dispute shows open again');
    assert.deepEqual(pageErrors(p), []);
  }
});
