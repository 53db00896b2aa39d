// The shell around the annotator: signing in (and the errors it can show), the project list and
// its empty state, the project page with its queue, who is working where, guidelines rendered
// safely and searchable, client-side routes with a working back button, and signing out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { call, seedWorkspace, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, openPage, pageErrors, signInWithForm, startAppServer } from '../helpers/browser.ts';

const GUIDELINES = '# Rules\n\nTag **names**. Names of cities are GPE; names of councils are ORG.\n\n<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">\n';
let server: TestServer;
let ws: Workspace;
let browser: Browser;

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'collaborative' });
  await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { guidelines: GUIDELINES });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a wrong password is refused with a clear message, and the right one opens the project list', async () => {
  const page = await openPage(await contextFor(browser, server, null), server, '/');
  await signInWithForm(page, 'ann1', 'not-the-password');
  assert.match(await page.getByRole('alert').textContent() ?? '', /Wrong username or password/);
  await signInWithForm(page, 'ann1', 'ann1-password');
  await page.locator('.project-card').waitFor();
  assert.equal(await page.locator('.project-card h2').textContent(), 'Test project');
});

test('too many sign-in attempts say to wait', async () => {
  const limited = await startAppServer({ config: { loginLimit: 2 } });
  try {
    const page = await openPage(await contextFor(browser, limited, null), limited, '/');
    for (let i = 0; i < 3; i++) await signInWithForm(page, 'admin', `wrong-${i}`);
    await page.getByRole('alert').filter({ hasText: 'Too many sign-in attempts' }).waitFor();
  } finally {
    await limited.stop();
  }
});

test('someone in no project is told what to do next', async () => {
  const page = await openPage(await contextFor(browser, server, ws.outsider), server, '/');
  await page.locator('.empty').waitFor();
  assert.match((await page.locator('.empty').textContent()) ?? '', /not in any project yet.*Ask a project owner.*outsider/s);
});

test('the project page shows the queue, documents with status, and who is working on them now', async () => {
  const working = await openDocument(await contextFor(browser, server, ws.ann2), server, ws.docIds[0]!);
  const page = await openPage(await contextFor(browser, server, ws.owner), server, `/projects/${ws.projectId}`);
  await page.locator('.doc-table').waitFor();
  assert.equal(await page.locator('.doc-table tbody tr').count(), 2);
  assert.match((await page.locator('.doc-table tbody tr').first().textContent()) ?? '', /Doc 1.*ann2/s);
  assert.match((await page.locator('.queue-card').textContent()) ?? '', /Up next.*Doc 1/s);
  await working.close();
});

test('guidelines render markdown, keep raw HTML inert, and can be searched', async () => {
  const page = await openPage(await contextFor(browser, server, ws.ann1), server, `/projects/${ws.projectId}`);
  const body = page.locator('.guidelines-body');
  await body.locator('h1').waitFor();
  assert.equal(await body.locator('strong').textContent(), 'names');
  assert.equal(await body.locator('script, img').count(), 0, 'no raw HTML became elements');
  assert.match((await body.textContent()) ?? '', /<script>window.__pwned = 1<\/script>/);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  await page.getByLabel('Search the guidelines').fill('names');
  assert.equal(await page.locator('.guidelines-search [role="status"]').textContent(), '1 of 3');
  await page.getByLabel('Search the guidelines').press('Enter');
  assert.equal(await page.locator('.guidelines-search [role="status"]').textContent(), '2 of 3');
  assert.equal(await page.evaluate(() => CSS.highlights.get('tt-guideline-match')?.size), 3);
});

test('links navigate without reloading, the back button returns, and an unknown path says so', async () => {
  const page = await openPage(await contextFor(browser, server, ws.ann1), server, '/');
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.locator('.project-card a').click();
  await page.waitForURL(`**/projects/${ws.projectId}`);
  await page.getByRole('link', { name: 'Next document →' }).click();
  await page.waitForURL(`**/documents/${ws.docIds[0]}`);
  await page.locator('tt-status-pill [data-status="saved"]').waitFor();
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no full page load');
  await page.goBack();
  await page.waitForURL(`**/projects/${ws.projectId}`);
  await page.locator('.doc-table').waitFor();
  await page.goBack();
  await page.locator('.project-card').waitFor();
  await page.goForward();
  await page.locator('.doc-table').waitFor();
  await page.goto(`${server.url}/nowhere/at/all`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.goto(`${server.url}/documents/doesnotexist`);
  await page.getByRole('alert').filter({ hasText: 'does not exist' }).waitFor();
  assert.deepEqual(pageErrors(page).filter((e) => !e.includes('404')), []);
});

test('signing out returns to the sign-in page and stays signed out after a reload', async () => {
  const page = await openPage(await contextFor(browser, server, ws.reviewer), server, '/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.equal(await page.locator('.project-card').count(), 0);
});
