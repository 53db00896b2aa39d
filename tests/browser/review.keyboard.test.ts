// Adjudication from the keyboard alone: n / p move between disputes (and focus them), 1 / 2 accept
// an annotator's version into gold, a accepts every agreed item in one step, and the "disputes
// left" counter goes down with each decision, and "nothing here" decisions are read back from the
// server by a browser that did not make them. Ends with a screenshot of the review view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { call, type Workspace } from '../helpers/api.ts';
import type { DocumentReview } from '../../shared/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, screenshot, selectText, startAppServer } from '../helpers/browser.ts';
import { at, disputedWorkspace, pageGold } from './review.fixture.ts';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let page: Page;
let D: string;

before(async () => {
  server = await startAppServer();
  ws = await disputedWorkspace(server);
  D = ws.docIds[0]!;
  browser = await launchBrowser();
  page = await openPage(await contextFor(browser, server, ws.reviewer), server, `/projects/${ws.projectId}`);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const left = (p: Page) => p.locator('.disputes-left').getAttribute('data-left').then(Number);
const currentItem = (p: Page) => p.locator('tt-dispute-card .dispute-card').getAttribute('data-item');
async function waitLeft(p: Page, n: number): Promise<void> {
  await p.locator(`.disputes-left[data-left="${n}"]`).waitFor({ timeout: 5000 });
}
test('the review queue lists the annotated document with its disputes by kind, and opens it', async () => {
  await page.locator('.doc-table').waitFor();
  await screenshot(page, 'review-00a-project-page');
  await page.getByRole('link', { name: 'Review queue' }).click(); // from the project page
  const row = page.locator(`tr[data-document="${D}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td.num').textContent(), '5');
  assert.deepEqual(await row.locator('.kinds .kind-tag').allTextContents(), ['missing 1', 'label 1', 'boundary 1', 'relation missing 1', 'document label 1']);
  await screenshot(page, 'review-00-queue');
  await row.getByRole('link', { name: 'Review' }).click();
  await page.locator('tt-status-pill [data-status="saved"]').waitFor({ timeout: 10_000 });
  assert.equal(new URL(page.url()).pathname, `/documents/${D}/review`);
});

test('the review view lists five disputes in text order, the document label first', async () => {
  assert.equal(await left(page), 5);
  const rows = await page.locator('.dispute-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
  assert.equal(rows.length, 5);
  assert.equal(rows[0], 'doc:topic');
  assert.match(rows[1]!, /^rel:/);
  assert.deepEqual(rows.slice(2), [`span:${at('worked')[0]}-${at('worked')[1]}`, `span:${at('Charles Babbage').join('-')}`, `span:${at('London')[0]}-${at('London.')[1]}`]);
  assert.equal(await currentItem(page), 'doc:topic');
  // Kinds carry text, not only colour.
  assert.deepEqual(await page.locator('.dispute-row .kind-tag').allTextContents(), ['differs', 'missing', 'missing', 'label', 'boundary']);
});

test('n and p move between disputes and focus the current one', async () => {
  await page.keyboard.press('n');
  assert.match((await currentItem(page))!, /^rel:/);
  await page.keyboard.press('n');
  assert.equal(await currentItem(page), `span:${at('worked').join('-')}`);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('has-current')), true, 'the current sentence has focus');
  assert.equal(await page.locator('.dispute-row[aria-current="true"]').getAttribute('data-item'), `span:${at('worked').join('-')}`);
  await page.keyboard.press('p');
  await page.keyboard.press('p');
  assert.equal(await currentItem(page), 'doc:topic');
  await page.keyboard.press('p');
  assert.equal(await currentItem(page), 'doc:topic', 'p stops at the first dispute');
  assert.match(await page.locator('.review-hint').textContent() ?? '', /first dispute/);
});

test('1 and 2 accept an annotator\'s version into gold and the counter goes down', async () => {
  await page.keyboard.press('1'); // topic: ann1's "politics"
  await waitLeft(page, 4);
  assert.deepEqual((await pageGold(page)).docLabels, { topic: ['politics'] });
  assert.match((await currentItem(page))!, /^rel:/, 'moved on to the next open dispute');
  await page.keyboard.press('2'); // the relation: ann2 has none → decided "no relation"
  await waitLeft(page, 3);
  assert.equal((await pageGold(page)).relations, 0);
  assert.equal(await currentItem(page), `span:${at('worked').join('-')}`);
  await page.keyboard.press('1'); // "worked": ann1 has no span → decided "nothing here"
  await waitLeft(page, 2);
  // Ctrl+Z takes that decision back, on the server too (gold holds nothing that could be undone),
  // and Ctrl+Shift+Z makes it again.
  const worked = `span:${at('worked').join('-')}`;
  const serverHas = async (want: boolean) => {
    for (let i = 0; i < 50; i++) {
      const r = await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`);
      if (r.body.cleared.includes(worked) === want) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.fail(`the server ${want ? 'lacks' : 'still holds'} the decision on "worked"`);
  };
  await serverHas(true);
  await page.keyboard.press('Control+z');
  await waitLeft(page, 3);
  await serverHas(false);
  await page.keyboard.press('Control+Shift+z');
  await waitLeft(page, 2);
  await serverHas(true);
  await page.keyboard.press('2'); // Charles Babbage: ann2's ORG
  await waitLeft(page, 1);
  const gold = await pageGold(page);
  assert.deepEqual(gold.spans, [`${at('Charles Babbage').join('-')}:ORG`]);
  assert.equal(await currentItem(page), `span:${at('London')[0]}-${at('London.')[1]}`);
  await page.locator('tt-status-pill [data-status="saved"]').waitFor();
});

test('"nothing here" decisions are kept on the server: a browser that did not make them counts them', async () => {
  const worked = `span:${at('worked').join('-')}`;
  const r = await call<DocumentReview>(server.url, ws.owner, 'GET', `/api/documents/${D}/review`);
  assert.deepEqual(r.body.cleared.sort(), [r.body.disagreements.disputes.find((d) => d.target === 'relation')!.id, worked].sort());
  const fresh = await openPage(await contextFor(browser, server, ws.owner), server, `/documents/${D}/review`);
  await waitLeft(fresh, 1);
  // Read from the server, not heard from the reviewer's browser (which is open on this document too).
  const own = await fresh.evaluate(() => (window as unknown as { __tagteam: { review: { cleared: { own: string[] } } } }).__tagteam.review.cleared.own);
  assert.deepEqual(own.sort(), [...r.body.cleared].sort());
  assert.equal(await fresh.locator(`.dispute-row[data-item="${worked}"] .tick`).count(), 1);
  assert.deepEqual(pageErrors(fresh), []);
  await fresh.context().close();
});

test('a accepts every agreed item in one step, leaving the open dispute open', async () => {
  assert.match(await page.locator('.review-actions button').first().textContent() ?? '', /Accept 3 agreed items/);
  await page.keyboard.press('a');
  await page.locator('.review-actions button', { hasText: 'Accept 0 agreed items' }).waitFor();
  const gold = await pageGold(page);
  assert.deepEqual(gold.spans, [`${at('Ada Lovelace').join('-')}:PERSON`, `${at('Charles Babbage').join('-')}:ORG`, `${at('Royal Society').join('-')}:ORG`, `${at('Ada Lovelace', 1).join('-')}:PERSON`].sort());
  assert.equal(await left(page), 1);
  await page.locator('tt-status-pill [data-status="saved"]').waitFor();
  await screenshot(page, 'review-01-adjudication');
  // One undo takes the whole "accept agreed items" step back.
  await page.keyboard.press('Control+z');
  await page.locator('.review-actions button', { hasText: 'Accept 3 agreed items' }).waitFor();
  await page.keyboard.press('Control+Shift+z');
  await page.locator('.review-actions button', { hasText: 'Accept 0 agreed items' }).waitFor();
  await page.keyboard.press('1'); // London: ann1's boundary
  await waitLeft(page, 0);
  assert.ok((await pageGold(page)).spans.includes(`${at('London').join('-')}:GPE`));
  await page.locator('tt-status-pill [data-status="saved"]').waitFor();
});

test('g edits gold directly with the annotator\'s tools, and g comes back to the disputes', async () => {
  await page.keyboard.press('g');
  await page.locator('tt-gold-editor .text-root').waitFor();
  const [start, end] = at('1843');
  await selectText(page, start, end);
  await page.keyboard.press('2'); // the ORG label's key in the editor
  await page.waitForFunction((k) => (window as unknown as { __tagteam: { review: { layer: { doc: { getMap(n: string): { toJSON(): Record<string, { start: number; end: number }> } } } } } }).__tagteam.review.layer.doc.getMap('spans').toJSON() && Object.values((window as unknown as { __tagteam: { review: { layer: { doc: { getMap(n: string): { toJSON(): Record<string, { start: number; end: number }> } } } } } }).__tagteam.review.layer.doc.getMap('spans').toJSON()).some((s) => `${s.start}-${s.end}` === k), `${start}-${end}`);
  assert.ok((await pageGold(page)).spans.includes(`${start}-${end}:ORG`));
  await page.locator('tt-status-pill [data-status="saved"]').waitFor();
  await screenshot(page, 'review-05-edit-gold');
  await page.keyboard.press('g');
  await page.locator('tt-review-text').waitFor();
  assert.equal(await page.locator('.rv-row.gold .rv-mark.gold[data-tag="ORG"]', { hasText: '1843' }).count(), 1);
  // Esc comes back too, once the text view has nothing of its own to cancel.
  await page.keyboard.press('g');
  await page.locator('tt-gold-editor .text-root').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('tt-review-text').waitFor();
  assert.deepEqual(pageErrors(page), []);
});
