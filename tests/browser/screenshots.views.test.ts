// Screenshots of the main views (sign-in, project list, project page, the annotation view with
// overlapping spans and a collaborator present, the span popover) under tests/.out/screenshots/,
// with checks of what they must show: nested spans stack, tags are legible, presence is drawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DEMO_TEXT, DEMO_SECOND_TEXT } from '../../server/demo/article.ts';
import { call, seedWorkspace, type Workspace } from '../helpers/api.ts';
import type { TestServer } from '../helpers/server.ts';
import { contextFor, launchBrowser, openDocument, openPage, pageErrors, screenshot, selectText, startAppServer, waitSaved } from '../helpers/browser.ts';

const GUIDELINES = `# Guidelines\n\nTag **names**, not descriptions.\n\n- **PERSON**: people by name.\n- **ORG**: companies, councils, trusts.\n- **GPE**: cities, regions, countries.\n`;
let server: TestServer;
let ws: Workspace;
let browser: Browser;

before(async () => {
  server = await startAppServer();
  ws = await seedWorkspace(server, { mode: 'collaborative', texts: [DEMO_TEXT, DEMO_SECOND_TEXT] });
  await call(server.url, ws.owner, 'PATCH', `/api/projects/${ws.projectId}`, { guidelines: GUIDELINES, name: 'Newsroom — harbour stories' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, name);
  assert.ok(statSync(file).size > 5_000, `${name}.png has content`);
}

async function label(page: Page, phrase: string, key: string, nth = 0): Promise<void> {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = DEMO_TEXT.indexOf(phrase, at + 1);
  await selectText(page, at, at + phrase.length);
  await page.keyboard.press(key);
}

test('the sign-in page, with an error, is captured', async () => {
  const page = await openPage(await contextFor(browser, server, null), server, '/');
  await page.getByLabel('Username').fill('ann1');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, '01-sign-in');
});

test('the project list and the project page are captured', async () => {
  const context = await contextFor(browser, server, ws.ann1);
  const page = await openPage(context, server, '/');
  await page.locator('.project-card').waitFor();
  await shot(page, '02-project-list');
  await page.locator('.project-card a').click();
  await page.locator('.doc-table').waitFor();
  await page.locator('.guidelines-body h1').waitFor();
  await shot(page, '03-project-page');
  const empty = await openPage(await contextFor(browser, server, ws.outsider), server, '/');
  await empty.locator('.empty').waitFor();
  await shot(empty, '02b-project-list-empty');
});

test('the annotation view shows nested and overlapping spans stacked, and a collaborator present', async () => {
  const a = await openDocument(await contextFor(browser, server, ws.ann1), server, ws.docIds[0]!);
  const b = await openDocument(await contextFor(browser, server, ws.ann2), server, ws.docIds[0]!);
  await label(a, 'The city council of Port Ellery', '2');
  await label(a, 'Port Ellery', '3', 1);
  await label(a, 'Port Ellery', '3');
  await label(a, 'Tidal Library', '2');
  await label(a, 'councillor Amara Okafor', '1');
  await label(a, 'Amara Okafor', '1');
  await label(a, 'Northern Heritage Trust', '2');
  await label(a, 'Henrik Lindqvist', '1');
  await label(a, 'Calloway & Sen', '2');
  // Two spans that cross (neither contains the other).
  await label(a, 'Desmond Reyes, who', '1');
  await label(a, 'Reyes, who voted', '3');
  await a.keyboard.press('Escape');
  await a.evaluate(() => document.getSelection()?.removeAllRanges());
  await waitSaved(a);
  // B selects a phrase (drawn faintly in A) and opens a span (A sees B's initial on it).
  const at = DEMO_TEXT.indexOf('the engineering firm');
  await selectText(b, at, at + 'the engineering firm'.length);
  await b.locator('.text-root .sp[data-tag="ORG"]').filter({ hasText: 'Tidal Library' }).first().click();
  await a.locator('.editing-badge').waitFor();
  await a.locator('tt-presence li').nth(1).waitFor();

  // Nested spans stack: the inner piece carries one more underline band than its container.
  const pads = await a.evaluate(() => {
    const pieces = [...document.querySelectorAll<HTMLElement>('.text-root .sp')];
    return pieces.map((p) => ({ ids: (p.dataset.s ?? '').split(' ').length, pad: parseFloat(getComputedStyle(p).paddingBottom) }));
  });
  assert.ok(pads.some((p) => p.ids === 2 && p.pad === 8), 'a piece covered by two nested spans has two bands');
  assert.ok(pads.every((p) => p.pad >= 4 * p.ids), 'every piece has a band per span over it');
  await shot(a, '04-annotator-overlaps-presence');

  await a.locator('.text-root .sp[data-tag*="PERSON"]').filter({ hasText: 'Okafor' }).first().click();
  await a.locator('tt-span-popover').waitFor();
  await shot(a, '05-span-popover');

  // Linking: r on the focused span, the target with j, Enter: the type picker at the target.
  await a.keyboard.press('r');
  await a.locator('.link-banner').waitFor();
  await a.keyboard.press('j');
  await a.keyboard.press('Enter');
  await a.locator('tt-relation-picker').waitFor();
  await shot(a, '06-relation-picker');
  await a.keyboard.press('1');
  await a.locator('.relation-row').waitFor();
  await a.locator('.guidelines-toggle').click();
  await a.locator('.right-panel .guidelines-body h1').waitFor();
  await shot(a, '07-annotator-guidelines');
  assert.deepEqual(pageErrors(a), []);
  assert.deepEqual(pageErrors(b), []);
});

test('a submitted document is captured with its read-only banner and the way to the next one', async () => {
  const page = await openDocument(await contextFor(browser, server, ws.ann1), server, ws.docIds[1]!);
  const at = DEMO_SECOND_TEXT.indexOf('Kestrel Bay');
  await selectText(page, at, at + 'Kestrel Bay'.length);
  await page.keyboard.press('3');
  await waitSaved(page);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  await shot(page, '08-submit-confirm');
  await page.getByRole('button', { name: 'Yes, submit' }).click();
  await page.locator('.layer-banner.ok').waitFor();
  await shot(page, '09-submitted');
});

test('label tags and the article text meet a 4.5:1 contrast ratio', async () => {
  const page = await openDocument(await contextFor(browser, server, ws.ann1), server, ws.docIds[0]!);
  const worst = await page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => {
      const [x, y] = [lum(rgb(a)), lum(rgb(b))];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    let min = Infinity;
    for (const el of document.querySelectorAll<HTMLElement>('.text-root .sp[data-tag]')) {
      const st = getComputedStyle(el, '::after');
      min = Math.min(min, ratio(st.color, st.backgroundColor));
    }
    const root = getComputedStyle(document.querySelector('.text-root')!);
    return { tags: min, text: ratio(root.color, getComputedStyle(document.querySelector('.center-panel')!).backgroundColor === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : getComputedStyle(document.querySelector('.center-panel')!).backgroundColor) };
  });
  assert.ok(worst.tags >= 4.5, `worst tag contrast ${worst.tags.toFixed(2)}`);
  assert.ok(worst.text >= 4.5, `text contrast ${worst.text.toFixed(2)}`);
});
