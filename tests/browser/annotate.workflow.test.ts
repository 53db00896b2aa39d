// The annotation workflow around the text: submit (confirmed in place) makes the layer read-only
// and offers the next document, reopen makes it editable again, a reviewer reads an annotator's
// layer without editing controls, document labels, undoing the deletion of a collaborator's span,
// and a refused update shown as a dismissable notice without losing other work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { docLabelsOf, spansOf } from '../../shared/layer-doc.ts';
import { call, seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, pageErrors, renderedSpans, selectText, startAppServer, waitSaved } from '../helpers/browser.ts';

const TEXTS = ['Ada Lovelace met Charles Babbage in London.', 'The Royal Society met in 1843.'];
let server: TestServer;
let indep: Workspace;
let collab: Workspace;
let browser: Browser;

before(async () => {
  server = await startAppServer();
  indep = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: TEXTS });
  collab = await seedWorkspace(server, { mode: 'collaborative', texts: TEXTS });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function label(page: Page, text: string, word: string, key: string): Promise<void> {
  const at = text.indexOf(word);
  await selectText(page, at, at + word.length);
  await page.keyboard.press(key);
}

async function layerOf(layer: string, cookie: string) {
  const c = openLayer(server.url, layer, { headers: { cookie } });
  await waitFor(() => c.provider.synced, 'checking client synced');
  return c;
}

test('submitting asks first, then makes the layer read-only and offers the next document', async () => {
  const page = await openDocument(await contextFor(browser, server, indep.ann1), server, indep.docIds[0]!);
  await label(page, TEXTS[0]!, 'Ada Lovelace', '1');
  await waitSaved(page);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await page.locator('.layer-banner.ok').waitFor();
  const next = page.getByRole('link', { name: 'Next document →' });
  assert.equal(await next.getAttribute('href'), `/documents/${indep.docIds[1]}`);
  assert.ok(await page.locator('.palette-label').first().isDisabled(), 'labels are disabled');
  await label(page, TEXTS[0]!, 'London', '3');
  assert.deepEqual((await renderedSpans(page)).map((s) => s.text), ['Ada Lovelace'], 'no span is added to a submitted layer');

  // Coming back later to the submitted layer: read-only and calm, then reopened for editing.
  await page.reload();
  await page.locator('tt-status-pill [data-status="read-only"]').waitFor();
  assert.equal(await page.locator('.notice').count(), 0);
  await page.getByRole('button', { name: 'Reopen' }).click();
  await page.locator('.layer-banner.ok').waitFor({ state: 'detached' });
  assert.ok(await page.locator('.palette-label').first().isEnabled());
  await label(page, TEXTS[0]!, 'London', '3');
  assert.deepEqual((await renderedSpans(page)).map((s) => s.text).sort(), ['Ada Lovelace', 'London']);
  await waitSaved(page);
  assert.deepEqual(pageErrors(page), []);
});

test("a reviewer reads an annotator's layer without editing controls", async () => {
  const page = await openDocument(await contextFor(browser, server, indep.reviewer), server, indep.docIds[0]!);
  const layer = `${indep.docIds[0]}/user:${indep.ann1.userId}`;
  await page.locator('tt-doc-header select').selectOption(layer);
  await page.waitForURL(`**/documents/${indep.docIds[0]}?layer=${encodeURIComponent(layer)}*`);
  await page.locator('.text-root .sp').first().waitFor();
  assert.deepEqual((await renderedSpans(page)).map((s) => s.text).sort(), ['Ada Lovelace', 'London']);
  assert.match((await page.locator('.layer-banner').textContent()) ?? '', /Read-only/);
  await page.locator('tt-status-pill [data-status="read-only"]').waitFor();
  assert.equal(await page.locator('.notice').count(), 0, 'reading is not an error');
  await page.locator('.text-root .sp').first().click();
  await page.locator('tt-span-popover').waitFor();
  assert.equal(await page.locator('tt-span-popover button', { hasText: 'Delete' }).count(), 0);
  assert.equal(await page.locator('tt-span-popover .label-choice').count(), 0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Delete');
  assert.equal((await renderedSpans(page)).length, 2);
});

test('document labels are chosen with radio buttons and stored', async () => {
  const page = await openDocument(await contextFor(browser, server, collab.ann1), server, collab.docIds[0]!);
  await page.getByRole('radio', { name: 'sport' }).check();
  await waitSaved(page);
  const c = await layerOf(`${collab.docIds[0]}/shared`, collab.ann1.cookie);
  assert.deepEqual(docLabelsOf(c.doc).get('topic'), ['sport']);
  c.close();
  await page.getByRole('button', { name: 'Clear' }).click();
  await waitSaved(page);
  assert.equal(await page.getByRole('radio', { name: 'sport' }).isChecked(), false);
});

test("undoing the deletion of a collaborator's span brings it back for everyone", async () => {
  const a = await openDocument(await contextFor(browser, server, collab.ann1), server, collab.docIds[1]!);
  const b = await openDocument(await contextFor(browser, server, collab.ann2), server, collab.docIds[1]!);
  await label(b, TEXTS[1]!, 'Royal Society', '2');
  await a.locator('.span-row').first().waitFor();
  await a.locator('.span-row').first().click();
  await a.keyboard.press('Delete');
  await b.locator('.span-row').waitFor({ state: 'detached' });
  await a.keyboard.press('Control+z');
  await b.locator('.span-row').waitFor();
  await waitSaved(a);
  assert.equal(await a.locator('.notice').count(), 0, 'the server accepted the undo');
  assert.deepEqual((await renderedSpans(b)).map((s) => `${s.label}:${s.text}`), ['ORG:Royal Society']);
});

test('a refused update is shown as a dismissable notice and the other edits are kept', async () => {
  const page = await openDocument(await contextFor(browser, server, collab.ann1), server, collab.docIds[0]!);
  await label(page, TEXTS[0]!, 'Charles Babbage', '1');
  // Write a span with a label the schema does not have, bypassing the UI's own validation.
  await page.evaluate((userId) => {
    const doc = (window as unknown as { __tagteam: { annotator: { layer: { doc: { getMap(n: string): Map<string, unknown> } } } } }).__tagteam.annotator.layer.doc;
    doc.getMap('spans').set('sbogus', { start: 0, end: 3, label: 'NOT_A_LABEL', author: userId, at: Date.now() });
  }, collab.ann1.userId);
  const notice = page.locator('.notice.error');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /refused one change/);
  await waitSaved(page);
  const spans = await renderedSpans(page);
  assert.ok(spans.some((s) => s.text === 'Charles Babbage'));
  assert.ok(!spans.some((s) => s.id === 'sbogus'));
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await notice.waitFor({ state: 'detached' });
  // The view is bound to the provider's new doc: editing still works.
  await label(page, TEXTS[0]!, 'London', '3');
  await waitSaved(page);
  const c = await layerOf(`${collab.docIds[0]}/shared`, collab.ann1.cookie);
  const stored = [...spansOf(c.doc).values()].map((v) => TEXTS[0]!.slice(v.start, v.end)).sort();
  c.close();
  assert.deepEqual(stored, ['Charles Babbage', 'London']);
});

test('the header stays on one line with a long project name and title, and narrow windows keep the text readable', async () => {
  const long = 'A project name long enough to crowd the header of the annotation view';
  assert.equal((await call(server.url, collab.owner, 'PATCH', `/api/projects/${collab.projectId}`, { name: long })).status, 200);
  const page = await openDocument(await contextFor(browser, server, collab.ann1), server, collab.docIds[0]!);
  const box = (sel: string) => page.locator(sel).first().boundingBox().then((b) => b!);
  for (const width of [1000, 1280]) {
    await page.setViewportSize({ width, height: 700 });
    const [crumbs, submit, header] = [await box('.doc-header .crumbs'), await box('.doc-header .btn.primary, .doc-header button:has-text("Submit")'), await box('.doc-header')];
    assert.ok(header.height < 70, `one line at ${width} px (header ${header.height} px high)`);
    assert.ok(Math.abs(crumbs.y + crumbs.height / 2 - (submit.y + submit.height / 2)) < 12, `Submit beside the title at ${width} px`);
    assert.ok(submit.x + submit.width <= width, `Submit inside the window at ${width} px`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `no sideways scroll at ${width} px`);
  }
  // The full names stay reachable: on hover, and for screen readers in the text itself.
  assert.equal(await page.locator('.doc-header .crumbs a').getAttribute('title'), long);
  await page.setViewportSize({ width: 600, height: 700 });
  const text = await box('.center-panel');
  assert.ok(text.width >= 300, `the text keeps a readable column at 600 px (${text.width} px)`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scroll at 600 px');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
