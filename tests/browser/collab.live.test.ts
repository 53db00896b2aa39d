// Two annotators in two browsers co-annotate the shared layer of a collaborative project: each
// sees the other's new span, label change and deletion, selection and editing, and a submit, live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, pageErrors, renderedSpans, selectText, startAppServer, waitSaved } from '../helpers/browser.ts';

const TEXT = 'Ada Lovelace met Charles Babbage in London.\n\nThe Royal Society of London met in 1843.';
let server: TestServer;
let ws: Workspace;
let browser: Browser;
let a: Page;
let b: Page;

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'collaborative', texts: [TEXT] });
  browser = await launchBrowser();
  a = await openDocument(await contextFor(browser, server, ws.ann1), server, ws.docIds[0]!);
  b = await openDocument(await contextFor(browser, server, ws.ann2), server, ws.docIds[0]!);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const spanWith = (page: Page, text: string) => renderedSpans(page).then((all) => all.find((s) => s.text === text));

async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeout = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('each annotator sees the other in the presence avatars', async () => {
  await a.locator('tt-presence li').nth(1).waitFor();
  await b.locator('tt-presence li').nth(1).waitFor();
  assert.equal(await a.locator('tt-presence li').count(), 2);
  assert.deepEqual(await b.locator('tt-presence li').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), ['ann2 (you)', 'ann1']);
});

test("a span created in one browser appears in the other's text and list", async () => {
  await selectText(a, 0, 'Ada Lovelace'.length);
  await a.keyboard.press('1');
  const mine = await until('span in A', () => spanWith(a, 'Ada Lovelace'));
  const theirs = await until('span in B', () => spanWith(b, 'Ada Lovelace'));
  assert.equal(theirs.id, mine.id);
  assert.equal(theirs.label, 'PERSON');
  await b.locator(`.span-row[data-span="${mine.id}"]`).waitFor();
  await waitSaved(a);
});

test("a label change made in one browser shows in the other's", async () => {
  const span = (await spanWith(a, 'Ada Lovelace'))!;
  await a.locator(`.text-root .sp[data-s~="${span.id}"]`).first().click();
  await a.locator('tt-span-popover').waitFor();
  await a.locator('tt-span-popover .label-choice', { hasText: 'ORG' }).click();
  await until('relabel in B', async () => (await spanWith(b, 'Ada Lovelace'))?.label === 'ORG');
  await a.keyboard.press('Escape');
});

test("the other annotator's selection is drawn in the text, live", async () => {
  await selectText(b, TEXT.indexOf('Charles'), TEXT.indexOf(' in London'));
  const seen = await until('peer selection in A', () =>
    a.evaluate(() => {
      const h = CSS.highlights.get('tt-peer-0');
      const r = h && ([...h][0] as Range | undefined);
      return r?.toString() || undefined;
    }),
  );
  assert.equal(seen, 'Charles Babbage');
  await b.evaluate(() => document.getSelection()?.removeAllRanges());
  await until('peer selection cleared in A', () => a.evaluate(() => [...(CSS.highlights.get('tt-peer-0') ?? [])].length === 0));
});

test('a span being edited in one browser shows the editor\'s initial in the other', async () => {
  const span = (await spanWith(b, 'Ada Lovelace'))!;
  await b.locator(`.text-root .sp[data-s~="${span.id}"]`).first().click();
  await b.locator('tt-span-popover').waitFor();
  const badge = a.locator('.editing-badge');
  await badge.waitFor();
  assert.equal(await badge.textContent(), 'A'); // the initial of ann2's display name, "ann2"
  assert.match((await badge.getAttribute('title')) ?? '', /ann2 is editing this span/);
  await b.keyboard.press('Escape');
  await badge.waitFor({ state: 'detached' });
});

test('someone who opens the document after others annotated it sees their spans and saves cleanly', async () => {
  const late = await openDocument(await contextFor(browser, server, ws.owner), server, ws.docIds[0]!);
  await until('spans in the late browser', async () => (await spanWith(late, 'Ada Lovelace'))?.label === 'ORG');
  await waitSaved(late);
  await late.waitForTimeout(300);
  assert.equal(await late.locator('.notice').count(), 0, 'no refusal while joining');
  assert.equal(await late.locator('tt-status-pill [data-status]').getAttribute('data-status'), 'saved');
  await late.close();
});

test("a deletion made in one browser removes the span from the other's", async () => {
  const span = (await spanWith(b, 'Ada Lovelace'))!;
  const at = TEXT.indexOf('Royal Society');
  await selectText(b, at, at + 'Royal Society'.length);
  await b.keyboard.press('3');
  const second = await until('second span in A', () => spanWith(a, 'Royal Society'));
  assert.equal(second.label, 'GPE');
  // Delete the first span from A with the keyboard: focus it through the list, then Delete.
  await a.locator(`.span-row[data-span="${span.id}"]`).click();
  await a.keyboard.press('Delete');
  await until('deletion in B', async () => !(await spanWith(b, 'Ada Lovelace')));
  assert.ok(await spanWith(b, 'Royal Society'), 'the other span stays');
  await waitSaved(a);
  await waitSaved(b);
  assert.deepEqual(pageErrors(a), []);
  assert.deepEqual(pageErrors(b), []);
});

test('when one annotator submits the shared layer, the other sees it submitted at once', async () => {
  await a.getByRole('button', { name: 'Submit' }).click();
  await a.getByRole('button', { name: 'Yes, submit' }).click();
  await a.locator('.layer-banner', { hasText: 'Submitted.' }).waitFor();
  // The hub tells B's connection its right changed (layer-access); B does not wait for its 15 s refresh.
  await b.locator('.layer-banner', { hasText: 'Submitted.' }).waitFor({ timeout: 3000 });
  assert.equal(await b.getByRole('button', { name: 'Submit' }).count(), 0);
  assert.deepEqual(pageErrors(b), []);
});
