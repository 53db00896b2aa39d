// The export page: the formats come with their offset unit and what they carry, the preview counts
// the selection, Download produces a file (a real browser download) whose bytes equal the API's
// export of the same selection, the progress bar reaches 100% and ends with a summary, and a
// failing export ends with its reason instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asSpanId } from '../../shared/ids.ts';
import type { Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, pageErrors, SCREENSHOTS, startAppServer } from '../helpers/browser.ts';
import { at, disputedWorkspace, writeAndSubmit } from './review.fixture.ts';

let server: TestServer;
let ws: Workspace;
let browser: Browser;
let page: Page;
let D: string;

before(async () => {
  server = await startAppServer();
  ws = await disputedWorkspace(server);
  D = ws.docIds[0]!;
  await writeAndSubmit(server, ws.reviewer, D, 'gold', (doc, a) => {
    const put = (id: string, r: [number, number], label: string) => putSpan(doc, asSpanId(id), { start: r[0], end: r[1], label, author: a, at: 2 });
    put('g1', at('Ada Lovelace'), 'PERSON');
    put('g2', at('Charles Babbage'), 'ORG');
    put('g3', at('London'), 'GPE');
    put('g4', at('Royal Society'), 'ORG');
    setDocLabel(doc, 'topic', ['politics']);
  });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const [name, ...rest] = ws.owner.cookie.split('=');
  await context.addCookies([{ name: name!, value: rest.join('='), url: server.url }]);
  page = await openPage(context, server, `/projects/${ws.projectId}/export`);
  await page.locator('.preview[data-documents="1"]').waitFor();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiExport(query: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/projects/${ws.projectId}/export?${query}`, { headers: { cookie: ws.owner.cookie } });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

async function download(): Promise<{ name: string; body: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download/ }).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), body: await readFile(file) };
}

test('every format is listed with its offset unit and what it carries', async () => {
  const formats = page.locator('.format-option');
  assert.ok((await formats.count()) >= 10);
  const spacy = await page.locator('.format-option', { hasText: 'spaCy' }).textContent();
  assert.match(spacy ?? '', /code point/);
  assert.match(spacy ?? '', /document labels/);
  const conll = await page.locator('.format-option', { hasText: 'IOB2' }).textContent();
  assert.match(conll ?? '', /tokens/);
  assert.match(conll ?? '', /spans only/);
  assert.match(await page.locator('.preview').textContent() ?? '', /1\s+document,\s+1\s+annotation set and\s+4\s+spans/);
});

test('downloading gold as Tagteam JSONL gives the API\'s export, with progress to 100% and a summary', async () => {
  const { name, body } = await download();
  assert.match(name, /\.jsonl$/);
  assert.deepEqual(body, await apiExport('format=tagteam-jsonl&sets=gold'));
  const line = JSON.parse(body.toString('utf8').trim().split('\n')[0]!) as { text: string };
  assert.equal(line.text, await (await fetch(`${server.url}/api/documents/${D}`, { headers: { cookie: ws.owner.cookie } })).json().then((j: { document: { text: string } }) => j.document.text));
  await page.locator('.export-progress[data-phase="done"][data-percent="100"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.locator('.summary-figures li strong').allTextContents(), ['1', '1', '4', `${body.length} B`, '0']);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'export-01-done.png'), fullPage: true });
});

test('annotators\' sets as CSV, filtered by status and label, match the API too', async () => {
  await page.locator('.format-option', { hasText: 'CSV' }).click();
  await page.getByLabel('Annotators').check();
  await page.locator('input[name="status"][value="done"]').check();
  await page.locator('input[name="labels"][value="PERSON"]').check();
  await page.locator('.preview[data-documents="1"]', { hasText: '2 annotation sets' }).waitFor();
  const { name, body } = await download();
  assert.match(name, /\.csv$/);
  assert.deepEqual(body, await apiExport('format=csv&sets=annotators&status=done&labels=PERSON'));
  const rows = body.toString('utf8').trim().split(/\r?\n/);
  assert.equal(rows.length, 1 + 5, 'header + ann1’s 3 PERSON spans + ann2’s 2');
  await page.locator('.export-progress[data-phase="done"][data-percent="100"]').waitFor({ timeout: 10_000 });
});

test('an export that fails its checks ends with the reason, not a summary', async () => {
  const doc = (await server.store.db.get<{ text_hash: string }>('SELECT text_hash FROM documents WHERE id = ?', [D]))!;
  await server.store.db.run('UPDATE documents SET text_hash = ? WHERE id = ?', ['0'.repeat(64), D]);
  try {
    await page.locator('.format-option', { hasText: 'Tagteam JSON Lines' }).click();
    await page.getByRole('button', { name: /^Download/ }).click();
    const failed = page.locator('.export-progress[data-phase="failed"]');
    await failed.waitFor({ timeout: 10_000 });
    assert.match(await failed.textContent() ?? '', /export failed: .*(hash|changed|text)/i);
    assert.equal(await page.locator('.export-summary').count(), 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'export-02-failed.png'), fullPage: true });
  } finally {
    await server.store.db.run('UPDATE documents SET text_hash = ? WHERE id = ?', [doc.text_hash, D]);
  }
  assert.deepEqual(pageErrors(page).filter((e) => !/409|Conflict/.test(e)), []);
});
