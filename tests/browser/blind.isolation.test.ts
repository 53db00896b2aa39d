// Blind double annotation (independent project, overlap 2): annotator B never sees annotator A's
// spans — not on screen and not on the wire. B's websocket frames are recorded from before the
// page loads and searched for A's span ids, notes and layer name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openPage, pageErrors, renderedSpans, selectText, startAppServer, waitSaved } from '../helpers/browser.ts';

const TEXT = 'Ada Lovelace met Charles Babbage in London.\n\nThe Royal Society of London met in 1843.';
const SECRET = 'secret-note-of-annotator-a';
let server: TestServer;
let ws: Workspace;
let browser: Browser;
let a: Page;
let b: Page;
const frames: string[] = [];

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: [TEXT] });
  browser = await launchBrowser();
  a = await openPage(await contextFor(browser, server, ws.ann1), server, `/documents/${ws.docIds[0]}`);
  await waitSaved(a);
  const bContext = await contextFor(browser, server, ws.ann2);
  bContext.on('page', (page) => {
    page.on('websocket', (socket) => {
      socket.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : Buffer.from(f.payload).toString('latin1')));
    });
  });
  b = await openPage(bContext, server, `/documents/${ws.docIds[0]}`);
  await waitSaved(b);
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

test("annotator B works in their own layer and never receives annotator A's spans", async () => {
  // Both annotate the same document at the same time; A adds a note that must stay private.
  await label(a, 'Ada Lovelace', '1');
  await label(b, 'Charles Babbage', '1');
  await a.locator('.text-root .sp').first().click();
  await a.locator('tt-span-popover textarea').fill(SECRET);
  await a.locator('tt-span-popover textarea').blur();
  await a.keyboard.press('Escape');
  await label(a, 'Royal Society', '2');
  await waitSaved(a);
  await waitSaved(b);
  await b.waitForTimeout(500); // any fan-out would have arrived by now

  const bSpans = await renderedSpans(b);
  assert.deepEqual(bSpans.map((s) => s.text), ['Charles Babbage']);
  const aIds = (await renderedSpans(a)).map((s) => s.id);
  assert.equal(aIds.length, 2);
  for (const id of aIds) assert.ok(!bSpans.some((s) => s.id === id), `B shows A's span ${id}`);

  // The wire: reload B, so its handshake carries its whole layer, then search every frame B
  // received. B's own span id is there (the recording works); nothing of A's is.
  await b.reload();
  await waitSaved(b);
  await b.locator('.text-root .sp').first().waitFor();
  const wire = frames.join('\n');
  assert.ok(wire.includes(bSpans[0]!.id), "B's frames carry B's own span");
  for (const id of aIds) assert.ok(!wire.includes(id), `A's span id ${id} reached B's socket`);
  assert.ok(!wire.includes(SECRET), "A's note reached B's socket");
  assert.ok(!wire.includes(`user:${ws.ann1.userId}`), "A's layer name reached B's socket");
});

test("annotator B's view offers no other annotator's layer, and no one else is present in it", async () => {
  const layers = await b.locator('tt-doc-header select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.ok(layers.every((l) => !l.includes('/user:') || l.endsWith(`/user:${ws.ann2.userId}`)), `B may open ${layers.join(', ')}`);
  assert.equal(await b.locator('tt-doc-header select').inputValue(), `${ws.docIds[0]}/user:${ws.ann2.userId}`);
  assert.equal(await b.locator('tt-presence li').count(), 1);
  assert.equal(await a.locator('tt-presence li').count(), 1);
  assert.deepEqual(pageErrors(a), []);
  assert.deepEqual(pageErrors(b), []);
});
