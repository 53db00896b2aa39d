// Two reviewers (the project's reviewer and its owner) adjudicate one document together in two
// browsers: each sees the other present and on which dispute, each sees the other's decisions land
// in gold live (accepted with the keys), a "nothing here" decision counts for both, and after one
// submits, the gold set stored on the server equals what both screens show.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { call, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, screenshot, startAppServer } from '../helpers/browser.ts';
import { at, disputedWorkspace, pageGold, storedGold } from './review.fixture.ts';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let a: Page; // the reviewer
let b: Page; // the owner
let D: string;

const saved = (p: Page) => p.locator('tt-status-pill [data-status="saved"]').waitFor({ timeout: 10_000 });
const waitLeft = (p: Page, n: number) => p.locator(`.disputes-left[data-left="${n}"]`).waitFor({ timeout: 5000 });
const key = (phrase: string, nth = 0) => `${at(phrase, nth).join('-')}`;

before(async () => {
  server = await startAppServer();
  ws = await disputedWorkspace(server);
  D = ws.docIds[0]!;
  browser = await launchBrowser();
  a = await openPage(await contextFor(browser, server, ws.reviewer), server, `/documents/${D}/review`);
  b = await openPage(await contextFor(browser, server, ws.owner), server, `/documents/${D}/review`);
  await saved(a);
  await saved(b);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('each reviewer sees the other present, and on which dispute', async () => {
  await a.locator('tt-presence li').nth(1).waitFor();
  assert.deepEqual(await b.locator('tt-presence li').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), ['owner (you)', 'reviewer']);
  // B goes to the Charles Babbage dispute by clicking it in the list; A sees B's avatar there.
  await b.locator(`.dispute-row[data-item="span:${key('Charles Babbage')}"]`).click();
  await a.locator(`.dispute-row[data-item="span:${key('Charles Babbage')}"] .avatar[title="owner is here"]`).waitFor();
  await a.locator('.rv-block .rv-peers .avatar[title="owner is here"]').waitFor();
});

test("a version accepted with a key in one browser lands in the other's gold, live", async () => {
  await a.keyboard.press('1'); // A, on the document label: ann1's "politics"
  await waitLeft(b, 4);
  assert.deepEqual((await pageGold(b)).docLabels, { topic: ['politics'] });
  assert.equal(await b.locator('.rv-doclabels tr.gold .rv-chip').textContent(), 'politics');
  await b.keyboard.press('2'); // B, on Charles Babbage: ann2's ORG
  await waitLeft(a, 3);
  assert.deepEqual((await pageGold(a)).spans, [`${key('Charles Babbage')}:ORG`]);
  const tag = await a.locator('.rv-row.gold .rv-mark.gold').first().getAttribute('data-tag');
  assert.equal(tag, 'ORG', "A's gold row shows B's decision");
  assert.equal(await a.locator(`.dispute-row[data-item="span:${key('Charles Babbage')}"] .tick`).count(), 1);
});

test('a "nothing here" decision made by one reviewer counts as decided for the other too', async () => {
  // A is on the relation now (moved on after accepting); ann2 has no relation there.
  assert.match((await a.locator('tt-dispute-card .dispute-card').getAttribute('data-item'))!, /^rel:/);
  // The server refuses it first (as it would once gold is submitted elsewhere): A is told, and the
  // decision is undone in both browsers.
  await a.route('**/review/cleared/**', (route) =>
    route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'conflict', message: 'gold is submitted; reopen it to change decisions' } }) }),
  );
  await a.keyboard.press('2');
  await a.locator('.notice', { hasText: 'Could not save "nothing here"' }).waitFor();
  await waitLeft(a, 3);
  await waitLeft(b, 3);
  await a.locator('.notice', { hasText: 'Could not save "nothing here"' }).getByRole('button', { name: 'Dismiss' }).click();
  await a.unroute('**/review/cleared/**');
  await a.locator('.dispute-row[data-item^="rel:"]').click();
  await a.keyboard.press('2');
  await waitLeft(a, 2);
  await waitLeft(b, 2);
  assert.equal((await pageGold(b)).relations, 0);
});

test('both finish the document together and it is submitted', async () => {
  await b.keyboard.press('a'); // every agreed item
  await b.locator('.review-actions button', { hasText: 'Accept 0 agreed items' }).waitFor();
  await a.locator('.review-actions button', { hasText: 'Accept 0 agreed items' }).waitFor();
  // A decides "worked" (ann1: nothing), B decides London (ann1's boundary).
  await a.locator(`.dispute-row[data-item="span:${at('worked').join('-')}"]`).click();
  await a.keyboard.press('1');
  await waitLeft(b, 1);
  await b.locator(`.dispute-row[data-item="span:${at('London')[0]}-${at('London.')[1]}"]`).click();
  await b.keyboard.press('1');
  await waitLeft(a, 0);
  await waitLeft(b, 0);
  await saved(a);
  await saved(b);
  const seenA = await pageGold(a);
  const seenB = await pageGold(b);
  assert.deepEqual(seenA, seenB, 'both reviewers see the same gold');
  await screenshot(a, 'review-02-two-reviewers');

  await a.getByRole('button', { name: 'Submit' }).click();
  await a.getByRole('button', { name: 'Yes, submit' }).click();
  await a.locator('.layer-banner', { hasText: 'Gold submitted' }).waitFor();
  const sets = await call<{ sets: Array<{ owner: string; version: number }> }>(server.url, ws.owner, 'GET', `/api/documents/${D}/sets`);
  assert.ok(sets.body.sets.some((s) => s.owner === 'gold' && s.version === 1), 'the gold set is listed');
  const stored = (await storedGold(server, D))!;
  assert.deepEqual(stored.spans, seenA.spans);
  assert.deepEqual(stored.relations, []);
  assert.deepEqual(stored.docLabels, seenA.docLabels);
  assert.deepEqual(stored.spans, [
    `${key('Ada Lovelace')}:PERSON`, `${key('Charles Babbage')}:ORG`, `${at('London').join('-')}:GPE`, `${key('Royal Society')}:ORG`, `${key('Ada Lovelace', 1)}:PERSON`,
  ].sort());
  const q = await call<{ documents: Array<{ id: string; status: string }> }>(server.url, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/review`);
  assert.equal(q.body.documents.find((d) => d.id === D)?.status, 'done');
  // B's view turns read-only as soon as the hub tells it (not at its next refresh, 10 s apart), and
  // stays so after a reload.
  await b.locator('.layer-banner', { hasText: 'Gold submitted' }).waitFor({ timeout: 3000 });
  assert.equal(await b.getByRole('button', { name: 'Submit' }).count(), 0);
  await b.reload();
  await b.locator('.layer-banner', { hasText: 'Gold submitted' }).waitFor();
  assert.equal(await b.locator('.notices .notice.error').count(), 0, 'no error notice for a read-only gold');
  assert.deepEqual(await pageGold(b), seenA);
  assert.deepEqual(pageErrors(a), []);
  assert.deepEqual(pageErrors(b), []);
});
