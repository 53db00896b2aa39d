// The agreement dashboard draws the server's figures: heatmap cells (span F1 exact and overlap,
// Cohen's kappa) and per-label bars carry exactly the values of GET /api/projects/:pid/agreement,
// progress per annotator counts submitted against assigned documents, and every metric's definition
// is on the page. Three annotators on two documents; a full-page screenshot is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProjectReport } from '../../shared/agreement/report-types.ts';
import { METRIC_DEFINITIONS } from '../../shared/agreement/definitions.ts';
import { putSpan, setDocLabel } from '../../shared/layer-doc.ts';
import { asSpanId } from '../../shared/ids.ts';
import { ADMIN_PASSWORD, type TestServer } from '../helpers/server.ts';
import { call, login, seedWorkspace, type Session, type Workspace } from '../helpers/api.ts';
import { contextFor, launchBrowser, openPage, pageErrors, SCREENSHOTS, screenshot, startAppServer } from '../helpers/browser.ts';
import { TEXT, writeAndSubmit } from './review.fixture.ts';

const TEXT2 = 'Grace Hopper joined the Navy in Arlington. IBM later hired engineers from Harvard.';
let server: TestServer;
let ws: Workspace;
let ann3: Session;
let browser: Browser;
let page: Page;
let report: ProjectReport;

type Put = [phrase: string, label: string];
async function annotate(who: Session, doc: string, text: string, spans: Put[], topic: string): Promise<void> {
  await writeAndSubmit(server, who, doc, `user:${who.userId}`, (d, author) => {
    spans.forEach(([phrase, label], i) => {
      const start = text.indexOf(phrase);
      putSpan(d, asSpanId(`s${i}`), { start, end: start + phrase.length, label, author, at: 1 });
    });
    setDocLabel(d, 'topic', [topic]);
  });
}

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'independent', overlap: 2, texts: [TEXT, TEXT2] });
  const admin = await login(server.url, 'admin', ADMIN_PASSWORD);
  await call(server.url, admin, 'POST', '/api/users', { username: 'ann3', password: 'ann3-password' });
  ann3 = await login(server.url, 'ann3', 'ann3-password');
  await call(server.url, ws.owner, 'PUT', `/api/projects/${ws.projectId}/members/ann3`, { role: 'annotator' });
  assert.equal((await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { overlap: 3 })).status, 200);
  const [d1, d2] = ws.docIds as [string, string];
  await annotate(ws.ann1, d1, TEXT, [['Ada Lovelace', 'PERSON'], ['Charles Babbage', 'PERSON'], ['London', 'GPE'], ['Royal Society', 'ORG']], 'politics');
  await annotate(ws.ann2, d1, TEXT, [['Ada Lovelace', 'PERSON'], ['Charles Babbage', 'ORG'], ['London.', 'GPE'], ['Royal Society', 'ORG']], 'sport');
  await annotate(ann3, d1, TEXT, [['Ada Lovelace', 'PERSON'], ['Charles Babbage', 'PERSON'], ['London', 'GPE']], 'politics');
  await annotate(ws.ann1, d2, TEXT2, [['Grace Hopper', 'PERSON'], ['Navy', 'ORG'], ['Arlington', 'GPE'], ['IBM', 'ORG'], ['Harvard', 'ORG']], 'politics');
  await annotate(ws.ann2, d2, TEXT2, [['Grace Hopper', 'PERSON'], ['Navy', 'ORG'], ['Arlington', 'GPE'], ['IBM', 'ORG'], ['Harvard', 'GPE']], 'politics');
  await annotate(ann3, d2, TEXT2, [['Grace Hopper', 'PERSON'], ['Arlington', 'GPE'], ['IBM', 'ORG']], 'sport');
  const r = await call<{ report: ProjectReport }>(server.url, ws.reviewer, 'GET', `/api/projects/${ws.projectId}/agreement`);
  report = r.body.report;
  browser = await launchBrowser();
  page = await openPage(await contextFor(browser, server, ws.reviewer), server, `/projects/${ws.projectId}/agreement`);
  await page.locator('tt-heatmap svg').waitFor();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const cell = (a: string, b: string) => page.locator(`tt-heatmap .cell[data-a="${a}"][data-b="${b}"]`);
const shown = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(2));

test('the heatmap shows span F1 (exact) of every pair, as the API computes it', async () => {
  const m = report.spanF1.matrix;
  assert.deepEqual(m.annotators, ['ann1', 'ann2', 'ann3']);
  assert.equal(await page.locator('tt-heatmap .cell:not(.diag)').count(), 6);
  for (const [i, a] of m.annotators.entries()) {
    for (const [j, b] of m.annotators.entries()) {
      if (i === j) continue;
      assert.equal(await cell(a, b).locator('.cell-value').textContent(), shown(m.exact[i]![j]), `${a} × ${b}`);
      assert.equal(Number(await cell(a, b).getAttribute('data-value')), m.exact[i]![j]);
    }
  }
  // ann1 × ann2 share Ada, Royal Society, Grace Hopper, Navy, Arlington, IBM of 9 spans each → F1 6/9.
  assert.equal(await cell('ann1', 'ann2').locator('.cell-value').textContent(), '0.67');
  assert.match(await cell('ann1', 'ann2').locator('title').textContent() ?? '', /ann1 × ann2: Span F1 \(exact\) 0\.6667/);
});

test('switching the heatmap to overlap F1 and to Cohen\'s kappa shows those figures', async () => {
  await page.getByLabel('Span F1 (overlap)').check();
  assert.equal(await cell('ann1', 'ann2').locator('.cell-value').textContent(), shown(report.spanF1.matrix.overlap[0]![1]));
  await page.getByLabel("Cohen's κ (tokens)").check();
  for (const p of report.tokenAgreement.cohen) {
    assert.equal(await cell(p.a, p.b).locator('.cell-value').textContent(), shown(p.kappa.value), `${p.a} × ${p.b}`);
    assert.equal(await cell(p.b, p.a).locator('.cell-value').textContent(), shown(p.kappa.value), 'symmetric');
  }
  const rows = await page.locator('tt-heatmap table tbody tr').count();
  assert.equal(rows, report.tokenAgreement.cohen.length, 'the table beneath lists every pair');
  await page.getByLabel('Span F1 (exact)').check();
});

test('per-label bars carry each label\'s alpha, and progress counts submitted against assigned', async () => {
  for (const l of report.perLabel) {
    const bar = page.locator(`.bar-row[data-label="${l.label}"] .seg[data-name="Krippendorff α"]`);
    const v = await bar.getAttribute('data-value');
    assert.equal(v === 'null' ? null : Number(v), l.tokens.alpha.value, l.label);
  }
  assert.ok(report.perLabel.length >= 3);
  const progress = page.locator('.bar-row[data-label="ann3"] .bar-value').first();
  assert.equal(await progress.textContent(), '2 / 2');
  const dist = page.locator('.bar-row[data-label="ann1"] .bar-value').last();
  assert.equal(await dist.textContent(), `${report.spansPerAnnotator.ann1} spans`);
  const text = await page.locator('.definitions').textContent();
  for (const d of Object.values(METRIC_DEFINITIONS)) assert.ok(text?.includes(d.definition), d.name);
  await screenshot(page, 'dashboard-01-agreement');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-02-agreement-full.png'), fullPage: true });
  assert.deepEqual(pageErrors(page), []);
});

test('an annotator cannot see the dashboard', async () => {
  const p = await openPage(await contextFor(browser, server, ws.ann1), server, `/projects/${ws.projectId}/agreement`);
  await p.getByRole('heading', { name: 'Not allowed' }).waitFor();
});
