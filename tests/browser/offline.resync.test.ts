// Offline: one browser loses the network (Chromium's offline emulation closes its websocket),
// keeps annotating, and comes back; both browsers end with every span, and the offline one's
// status went offline → saving… → saved, shown in the header pill.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, pageErrors, renderedSpans, selectText, startAppServer, waitSaved } from '../helpers/browser.ts';

const TEXT = 'Ada Lovelace met Charles Babbage in London.\n\nThe Royal Society of London met in 1843.';
let server: TestServer;
let ws: Workspace;
let browser: Browser;
let offlineContext: BrowserContext;
let a: Page;
let b: Page;

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'collaborative', texts: [TEXT] });
  browser = await launchBrowser();
  offlineContext = await contextFor(browser, server, ws.ann1);
  a = await openDocument(offlineContext, server, ws.docIds[0]!);
  b = await openDocument(await contextFor(browser, server, ws.ann2), server, ws.docIds[0]!);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function label(page: Page, word: string, key: string): Promise<void> {
  const at = TEXT.indexOf(word);
  await selectText(page, at, at + word.length);
  await page.keyboard.press(key);
}

function isSubsequence(want: string[], seq: string[]): boolean {
  let i = 0;
  for (const s of seq) if (s === want[i]) i++;
  return i === want.length;
}

/** How many layers have unsaved edits kept in this browser's IndexedDB. */
const copies = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('tagteam');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const r = req.result.transaction('unsaved-layers').objectStore('unsaved-layers').count();
          r.onsuccess = () => resolve(r.result);
        };
      }),
  );

const texts = async (page: Page) => (await renderedSpans(page)).map((s) => `${s.label}:${s.text}`).sort();
const statusLog = (page: Page) => page.evaluate(() => (window as unknown as { __tagteam: { annotator: { statusLog: string[] } } }).__tagteam.annotator.statusLog.slice());

test('edits made offline are kept, sent on reconnect, and end saved in both browsers', async () => {
  const before = (await statusLog(a)).length;
  await offlineContext.setOffline(true);
  const pill = a.locator('tt-status-pill .status-pill');
  await a.locator('tt-status-pill [data-status="offline"]').waitFor({ timeout: 10_000 });
  assert.match((await pill.textContent()) ?? '', /offline — changes kept on this device/);

  await label(a, 'Ada Lovelace', '1');
  await label(a, 'Royal Society', '2');
  await label(b, 'Charles Babbage', '1');
  await waitSaved(b);
  assert.deepEqual(await texts(a), ['ORG:Royal Society', 'PERSON:Ada Lovelace']);
  assert.deepEqual(await texts(b), ['PERSON:Charles Babbage'], 'nothing of the offline edits reached B yet');
  assert.equal(await a.locator('tt-status-pill [data-status]').getAttribute('data-status'), 'offline', 'still honest while offline');

  await offlineContext.setOffline(false);
  await waitSaved(a, 20_000);
  const want = ['ORG:Royal Society', 'PERSON:Ada Lovelace', 'PERSON:Charles Babbage'];
  await b.waitForFunction((n) => new Set([...document.querySelectorAll<HTMLElement>('.text-root .sp')].flatMap((e) => (e.dataset.s ?? '').split(' '))).size === n, want.length);
  assert.deepEqual(await texts(a), want);
  assert.deepEqual(await texts(b), want);

  // offline → (reconnecting…) → saving… → saved, in that order.
  const log = (await statusLog(a)).slice(before);
  assert.ok(isSubsequence(['offline', 'saving', 'saved'], log), `status went ${log.join(' → ')}`);
  assert.equal(log[log.length - 1], 'saved');
  assert.equal(await a.locator('tt-status-pill [data-status]').textContent().then((t) => t?.trim()), 'saved ✓');
  assert.deepEqual(pageErrors(a), []);
});

test('edits made offline survive closing the tab, and are saved when the document is opened again', async () => {
  const page = await openDocument(offlineContext, server, ws.docIds[0]!);
  await offlineContext.setOffline(true);
  await page.locator('tt-status-pill [data-status="offline"]').waitFor({ timeout: 10_000 });
  await label(page, 'London', '3');
  await page.waitForTimeout(1500); // the copy is written after the change stays unsaved a moment
  assert.equal(await copies(page), 1, 'the unsaved edit is kept on this device');
  await page.close();
  await a.close();
  await offlineContext.setOffline(false);

  const again = await openDocument(offlineContext, server, ws.docIds[0]!);
  await waitSaved(again);
  await b.locator('.text-root .sp', { hasText: /^London$/ }).waitFor();
  assert.ok((await texts(b)).includes('GPE:London'), 'the collaborator has the restored span');
  assert.ok((await texts(again)).includes('GPE:London'));
  // Saved now, so the device copy is gone: a later visit has nothing to restore.
  for (let i = 0; i < 40 && (await copies(again)) > 0; i++) await again.waitForTimeout(50);
  assert.equal(await copies(again), 0);
});
