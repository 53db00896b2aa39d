// The annotator in real Chromium: first render of a 50,000-character article with 2,000 spans
// (to the end of the next frame), the cold open of the page, and the time from a remote update
// arriving on the page's socket to its span being in the DOM (MutationObserver) and past the next
// frame (rAF), over 50 updates written by a Node client on the same layer.
// Run alone: `node --import tsx tests/bench/browser.bench.ts`.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { DEMO_TEXT } from '../../server/demo/article.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import type { SpanId, UserId } from '../../shared/ids.ts';
import { seedWorkspace } from '../helpers/api.ts';
import { contextFor, launchBrowser, openDocument, startAppServer } from '../helpers/browser.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import { round, summarize } from './stats.ts';

const CHARS = 50_000;
const SPANS = 2_000;
const UPDATES = 50;
const RENDER_RUNS = 9;
const LABELS = ['PERSON', 'ORG', 'GPE'];

/** A long article (the demo paragraphs repeated) and word-aligned spans spread over it, some nested. */
function workload(): { text: string; spans: Array<{ start: number; end: number; label: string }>; free: Array<{ start: number; end: number }> } {
  let text = '';
  while (text.length < CHARS) text += `${DEMO_TEXT}\n\n`;
  const words = [...text.matchAll(/\p{L}[\p{L}'’-]*/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const step = Math.floor(words.length / (SPANS + UPDATES));
  const spans: Array<{ start: number; end: number; label: string }> = [];
  const free: Array<{ start: number; end: number }> = [];
  for (let i = 0; spans.length < SPANS; i++) {
    const w = words[i * step]!;
    const next = words[i * step + 1]!;
    // Every tenth span is two words wide and gets a one-word span nested inside it.
    if (i % 10 === 0 && spans.length + 2 <= SPANS) spans.push({ start: w.start, end: next.end, label: LABELS[(i + 1) % 3]! });
    spans.push({ start: w.start, end: w.end, label: LABELS[i % 3]! });
  }
  for (let k = 0; k < UPDATES; k++) free.push(words[(SPANS + k) * step + Math.floor(step / 2)]!);
  return { text: text.slice(0, Math.max(CHARS, text.lastIndexOf('\n', CHARS))), spans, free };
}

interface BenchHooks {
  expect(id: string): void;
  result: { id: string; dom: number; frame: number } | null;
}

async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __tagteam: { socket: { prependAny(f: (ev: string) => void): void } }; __bench: BenchHooks };
    let arrival = 0;
    let expected: string | null = null;
    w.__tagteam.socket.prependAny((ev: string) => {
      if (ev === 'y') arrival = performance.now();
    });
    const root = document.querySelector('.text-root')!;
    const observer = new MutationObserver(() => {
      if (!expected || !root.querySelector(`.sp[data-s~="${expected}"]`)) return;
      const id = expected;
      const dom = performance.now() - arrival;
      expected = null;
      requestAnimationFrame(() => {
        w.__bench.result = { id, dom, frame: performance.now() - arrival };
      });
    });
    observer.observe(root, { childList: true, subtree: true });
    w.__bench = {
      result: null,
      expect(id: string) {
        expected = id;
        this.result = null;
      },
    };
  });
}

export async function benchBrowser(): Promise<Record<string, number>> {
  const { text, spans, free } = workload();
  const server = await startAppServer();
  const browser = await launchBrowser();
  try {
    const ws = await seedWorkspace(server, { mode: 'collaborative', texts: [text] });
    const layer = `${ws.docIds[0]}/shared`;
    const writer = openLayer(server.url, layer, { headers: { cookie: ws.ann2.cookie } });
    await waitFor(() => writer.provider.synced, 'writer synced');
    writer.doc.transact(() => {
      spans.forEach((s, i) => putSpan(writer.doc, `s${i}` as SpanId, { ...s, author: ws.ann2.userId as UserId, at: Date.now() }));
    });
    await writer.provider.whenSaved();

    const context = await contextFor(browser, server, ws.ann1);
    // Cold open: from navigation start to all spans of the stored layer in the DOM.
    await context.addInitScript(`(() => {
      const seen = () => new Set([...document.querySelectorAll('.text-root .sp')].flatMap((e) => (e.dataset.s || '').split(' '))).size;
      const mo = new MutationObserver(() => { if (!window.__openMs && seen() >= ${SPANS}) { window.__openMs = performance.now(); mo.disconnect(); } });
      addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
    })();`);
    const page = await openDocument(context, server, ws.docIds[0]!);
    await page.waitForFunction(() => (window as unknown as { __openMs?: number }).__openMs);
    const coldOpen = await page.evaluate(() => (window as unknown as { __openMs: number }).__openMs);
    const pieces = await page.locator('.text-root .sp').count();
    if (pieces < SPANS) throw new Error(`only ${pieces} span pieces rendered`);

    // First render: a full render of text + spans, timed to the end of the next frame (style,
    // layout and paint of what is on screen included), and its synchronous JavaScript part alone.
    // Median of several runs, each after a pause so one run's garbage does not land on the next.
    const renders = await page.evaluate(async (runs) => {
      const view = document.querySelector('tt-text-view') as unknown as { surface: { renderAll(): void } };
      const js: number[] = [];
      const toFrame: number[] = [];
      for (let i = 0; i < runs; i++) {
        await new Promise((r) => setTimeout(r, 300));
        const t = performance.now();
        view.surface.renderAll();
        js.push(performance.now() - t);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        toFrame.push(performance.now() - t);
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      return { js: median(js), frame: median(toFrame) };
    }, RENDER_RUNS);
    await page.waitForFunction((n) => document.querySelectorAll('.text-root .sp').length >= n, SPANS);

    // Remote updates: one span per update, each waited for on the page before the next.
    await installProbe(page);
    const dom: number[] = [];
    const frame: number[] = [];
    for (let k = 0; k < free.length; k++) {
      const id = `r${k}`;
      await page.evaluate((x) => (window as unknown as { __bench: BenchHooks }).__bench.expect(x), id);
      putSpan(writer.doc, id as SpanId, { ...free[k]!, label: LABELS[k % 3]!, author: ws.ann2.userId as UserId, at: Date.now() });
      const handle = await page.waitForFunction((x) => {
        const r = (window as unknown as { __bench: BenchHooks }).__bench.result;
        return r && r.id === x ? r : null;
      }, id);
      const r = (await handle.jsonValue()) as { dom: number; frame: number };
      dom.push(r.dom);
      frame.push(r.frame);
    }
    await writer.provider.whenSaved();
    if (spansOf(writer.doc).size !== SPANS + UPDATES) throw new Error('the writer lost spans');
    writer.close();
    const d = summarize(dom);
    const f = summarize(frame);
    return {
      first_render_ms: round(renders.frame),
      first_render_js_ms: round(renders.js),
      cold_open_to_spans_in_dom_ms: round(coldOpen),
      remote_update_to_dom_p50_ms: round(d.p50),
      remote_update_to_dom_p99_ms: round(d.p99),
      remote_update_to_frame_p50_ms: round(f.p50),
      remote_update_to_frame_p99_ms: round(f.p99),
      text_chars: text.length,
      spans: SPANS,
      updates: d.n,
      // The machine's load while measuring: these are wall-clock figures on a shared machine.
      load_average_1m: round(os.loadavg()[0]!),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchBrowser());
}
