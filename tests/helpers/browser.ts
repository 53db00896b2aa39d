// Browser end-to-end helpers: build the client when its sources changed, start a real server
// that serves it, and drive real Chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Session } from './api.ts';
import { startServer, type TestServer } from './server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = path.join(ROOT, 'dist/client/index.html');
export const SCREENSHOTS = path.join(ROOT, 'tests/.out/screenshots');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds dist/client once when it is missing or older than client/ or shared/. */
export function ensureClientBuilt(): void {
  const stale = !existsSync(BUILT) || Math.max(newest(path.join(ROOT, 'client')), newest(path.join(ROOT, 'shared'))) > statSync(BUILT).mtimeMs;
  if (!stale) return;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`client build failed (exit ${r.status})`);
}

/** A real server serving the built client. */
export async function startAppServer(opts: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  ensureClientBuilt();
  return startServer(opts);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context already signed in as `session` (its cookie), sized like a laptop screen. */
export async function contextFor(browser: Browser, server: TestServer, session: Session | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  if (session) {
    const [name, ...rest] = session.cookie.split('=');
    await context.addCookies([{ name: name!, value: rest.join('='), url: server.url }]);
  }
  return context;
}

/** Opens `path` with the test hooks on (`?tt-test`), and fails the test on page errors. */
export async function openPage(context: BrowserContext, server: TestServer, urlPath: string): Promise<Page> {
  const page = await context.newPage();
  // tsx compiles tests with esbuild's keepNames, which wraps named functions inside functions
  // passed to page.evaluate in `__name(...)` calls; give the page that helper.
  await page.addInitScript('globalThis.__name = (f) => f;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|WebSocket connection/.test(m.text())) errors.push(m.text());
  });
  (page as Page & { tagteamErrors?: string[] }).tagteamErrors = errors;
  const sep = urlPath.includes('?') ? '&' : '?';
  await page.goto(`${server.url}${urlPath}${sep}tt-test`);
  return page;
}

/** Errors the page logged (uncaught exceptions, console errors) since it opened. */
export const pageErrors = (page: Page): string[] => (page as Page & { tagteamErrors?: string[] }).tagteamErrors ?? [];

/** Signs in through the form, as a person would. */
export async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens a document in the annotator and waits until its layer is synced (saved, or read-only). */
export async function openDocument(context: BrowserContext, server: TestServer, documentId: string): Promise<Page> {
  const page = await openPage(context, server, `/documents/${documentId}`);
  await page.locator('tt-status-pill [data-status="saved"], tt-status-pill [data-status="read-only"]').waitFor({ timeout: 10_000 });
  return page;
}

export async function waitSaved(page: Page, timeout = 10_000): Promise<void> {
  await page.locator('tt-status-pill [data-status="saved"]').waitFor({ timeout });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Selects [start, end) of the article text with a real DOM selection, the way a mouse drag ends
 * up, by walking the rendered text nodes (whose concatenation is the stored text).
 */
export async function selectText(page: Page, start: number, end: number): Promise<void> {
  await page.evaluate(
    ([s, e]) => {
      const root = document.querySelector('.text-root')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let pos = 0;
      let a: [Node, number] | null = null;
      let b: [Node, number] | null = null;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n.nodeValue ?? '').length;
        if (!a && s! < pos + len) a = [n, s! - pos];
        if (!b && e! <= pos + len) b = [n, e! - pos];
        pos += len;
      }
      if (!a || !b) throw new Error(`cannot select ${s}..${e} of ${pos} characters`);
      (root as HTMLElement).focus();
      document.getSelection()!.setBaseAndExtent(a[0], a[1], b[0], b[1]);
    },
    [start, end],
  );
}

/** The span ids rendered in the article, with their text. */
export async function renderedSpans(page: Page): Promise<Array<{ id: string; label: string; text: string }>> {
  return page.evaluate(() => {
    const out = new Map<string, { id: string; label: string; text: string }>();
    for (const el of document.querySelectorAll<HTMLElement>('.text-root .sp')) {
      for (const id of (el.dataset.s ?? '').split(' ')) {
        const cur = out.get(id) ?? { id, label: '', text: '' };
        cur.text += el.firstChild?.nodeValue ?? '';
        if (el.dataset.tag) cur.label = el.dataset.tag;
        out.set(id, cur);
      }
    }
    return [...out.values()];
  });
}

/** Viewport rectangles of [start, end) of the article text (one per line box). */
export async function textRects(page: Page, start: number, end: number): Promise<Array<{ x: number; y: number; width: number; height: number }>> {
  return page.evaluate(
    ([s, e]) => {
      const root = document.querySelector('.text-root')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let pos = 0;
      const range = document.createRange();
      let started = false;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n.nodeValue ?? '').length;
        if (!started && s! < pos + len) {
          range.setStart(n, s! - pos);
          started = true;
        }
        if (started && e! <= pos + len) {
          range.setEnd(n, e! - pos);
          break;
        }
        pos += len;
      }
      return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height }));
    },
    [start, end],
  );
}
