// Offsets: spans made in the browser over text with emoji (surrogate pairs and ZWJ sequences),
// CJK, combining marks, right-to-left script and CRLF line ends are stored with UTF-16 offsets
// whose slice of the stored text is exactly what was selected. Checked against the server's copy
// of the layer, read by a separate Node client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { spansOf } from '../../shared/layer-doc.ts';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, pageErrors, selectText, startAppServer, textRects, waitSaved } from '../helpers/browser.ts';

const MIXED = 'Hi 👋🏽 there! 🧑‍💻 Zoë met Ada at 東京タワー with Noe\u0308l and Cafe\u0301 Lumière.\nقال محمد إن القاهرة جميلة، ואמר דוד שלום.\nEnd 😀.';
const CRLF = 'First line\r\nAda Lovelace wrote\r\n\r\nCharles Babbage replied\r\nLast';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'collaborative', texts: [MIXED, CRLF] });
  browser = await launchBrowser();
  context = await contextFor(browser, server, ws.ann1);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The spans the server holds for a document's shared layer, as [stored slice, label]. */
async function stored(docIndex: number, text: string): Promise<Array<[string, string]>> {
  const client = openLayer(server.url, `${ws.docIds[docIndex]}/shared`, { headers: { cookie: ws.ann1.cookie } });
  try {
    await waitFor(() => client.provider.synced, 'the checking client synced');
    return [...spansOf(client.doc).values()].sort((x, y) => x.start - y.start).map((v) => [text.slice(v.start, v.end), v.label]);
  } finally {
    client.close();
  }
}

async function setSnap(page: Page, on: boolean): Promise<void> {
  await page.getByLabel('Snap to words').setChecked(on);
}

test('the rendered article text is exactly the stored text', async () => {
  for (const [i, text] of [MIXED, CRLF].entries()) {
    const page = await openDocument(context, server, ws.docIds[i]!);
    const rendered = await page.evaluate(() => {
      const root = document.querySelector('.text-root')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let s = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) s += n.nodeValue;
      return s;
    });
    assert.equal(rendered, text);
    await page.close();
  }
});

test('selections after emoji, in CJK, with combining marks and in RTL text store exact offsets', async () => {
  const page = await openDocument(context, server, ws.docIds[0]!);
  await setSnap(page, false);
  const words = ['Zoë', '東京', 'Noe\u0308l', 'Cafe\u0301', 'محمد', 'القاهرة', 'דוד', '😀', '🧑‍💻'];
  for (const w of words) {
    const at = MIXED.indexOf(w);
    await selectText(page, at, at + w.length);
    await page.keyboard.press('1');
  }
  await waitSaved(page);
  const got = await stored(0, MIXED);
  assert.deepEqual(got.map(([t]) => t).sort(), [...words].sort());
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('double-clicking words and dragging across RTL text with the mouse stores the words selected', async () => {
  const page = await openDocument(context, server, ws.docIds[0]!);
  await setSnap(page, true);
  // Clear what the previous test made, so only this test's spans are compared.
  while ((await page.locator('.span-row').count()) > 0) {
    await page.locator('.span-row').first().click();
    await page.keyboard.press('Delete');
  }
  for (const w of ['there', 'Lumière', 'Ada']) {
    const at = MIXED.indexOf(w);
    const [r] = await textRects(page, at, at + w.length);
    await page.mouse.dblclick(r!.x + r!.width / 2, r!.y + r!.height / 2);
    await page.keyboard.press('2');
  }
  // Drag from the first letter to the last of an Arabic word (right to left on screen).
  const w = 'القاهرة';
  const at = MIXED.indexOf(w);
  const first = (await textRects(page, at, at + 1))[0]!;
  const last = (await textRects(page, at + w.length - 1, at + w.length))[0]!;
  await page.mouse.move(first.x + first.width - 1, first.y + first.height / 2);
  await page.mouse.down();
  await page.mouse.move(last.x + 1, last.y + last.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('3');
  await waitSaved(page);
  const got = await stored(0, MIXED);
  assert.deepEqual(got, [['there', 'ORG'], ['Ada', 'ORG'], ['Lumière', 'ORG'], ['القاهرة', 'GPE']]);
  await page.close();
});

test('spans on a text with CRLF line ends store offsets that count both characters of each line end', async () => {
  const page = await openDocument(context, server, ws.docIds[1]!);
  await setSnap(page, false);
  for (const [w, key] of [['Charles Babbage', '1'], ['Last', '2']] as const) {
    const at = CRLF.indexOf(w);
    await selectText(page, at, at + w.length);
    await page.keyboard.press(key);
  }
  // Unsnapped, a selection over line ends keeps both characters of each CRLF.
  await selectText(page, CRLF.indexOf('wrote'), CRLF.indexOf('Charles') + 'Charles'.length);
  await page.keyboard.press('3');
  // Snapped, a sloppy selection from the line end before "Ada" into "wr…" becomes the words.
  await setSnap(page, true);
  await selectText(page, CRLF.indexOf('\r\nAda'), CRLF.indexOf('wrote') + 2);
  await page.keyboard.press('1');
  await waitSaved(page);
  assert.deepEqual(await stored(1, CRLF), [
    ['Ada Lovelace wrote', 'PERSON'],
    ['wrote\r\n\r\nCharles', 'GPE'],
    ['Charles Babbage', 'PERSON'],
    ['Last', 'ORG'],
  ]);
  await page.close();
});
