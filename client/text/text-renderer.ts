// Renders the article with its spans and keeps it current cheaply: spans are indexed by chunk, and
// a change re-renders only the chunks that the changed spans covered before or cover now. Plain
// DOM, no component per span. A full render lays out the whole text at once but decorates only
// the first screenful with spans right away; the other chunks get their spans in idle time (or
// at once when something needs their pieces), so a 50,000-character article with thousands of
// spans is on screen in a few frames, and a remote edit touches a few hundred characters.
import type { SpanValue } from '../../shared/domain.ts';
import { Chunks } from './chunks.ts';
import { DomOffsets } from './dom-offsets.ts';
import type { LabelSheet } from './label-sheet.ts';
import { renderChunk, type PlacedSpan } from './render-chunk.ts';

const NO_MARKS: ReadonlySet<string> = new Set();
/** Characters decorated synchronously by a full render: more than a screenful. */
const FIRST_SCREEN_CHARS = 6000;

export class TextRenderer {
  readonly chunks: Chunks;
  readonly offsets: DomOffsets;
  private readonly chunkEls: HTMLElement[] = [];
  /** Span ids placed in each chunk. */
  private readonly members: Array<Set<string>>;
  /** Where each span was placed when last rendered (its chunks are derived from this). */
  private readonly placed = new Map<string, PlacedSpan>();
  private readonly pieceMaps: Array<Map<string, HTMLElement[]>>;
  private readonly dirty = new Set<number>();
  /** Chunks shown as plain text so far, waiting for their spans (idle-time work). */
  private readonly pending = new Set<number>();
  private idle = 0;
  private flushQueued = false;
  /** Extra classes per span id (focus, relation source…), kept across re-renders. */
  private readonly marks = new Map<string, Set<string>>();
  /** Called after chunks were re-rendered (overlays re-measure); `lostFocus` if focus was inside. */
  onRender: ((lostFocus: boolean) => void) | null = null;

  constructor(
    private readonly root: HTMLElement,
    text: string,
    private readonly sheet: LabelSheet,
  ) {
    this.chunks = new Chunks(text);
    this.members = Array.from({ length: this.chunks.count }, () => new Set());
    this.pieceMaps = Array.from({ length: this.chunks.count }, () => new Map());
    this.offsets = new DomOffsets(root, this.chunks, (i) => this.chunkEls[i]!);
  }

  get text(): string {
    return this.chunks.text;
  }

  /**
   * Replaces every span and renders the whole text synchronously. Each line of the text is its
   * own block (its chunks inline inside it), so re-rendering a chunk re-lays one paragraph, not
   * one inline run as long as the article.
   */
  renderAll(spans: Iterable<[string, SpanValue]>): void {
    this.placed.clear();
    for (const m of this.members) m.clear();
    for (const [id, v] of spans) this.place(id, v);
    const frag = document.createDocumentFragment();
    this.chunkEls.length = 0;
    this.pending.clear();
    let line: HTMLElement | null = null;
    for (let i = 0; i < this.chunks.count; i++) {
      if (!line || this.text.charCodeAt(this.chunks.start(i) - 1) === 10) {
        line = document.createElement('div');
        line.className = 'line';
        frag.appendChild(line);
      }
      const el = document.createElement('span');
      el.className = 'chunk';
      const node = document.createTextNode(this.text.slice(this.chunks.start(i), this.chunks.end(i)));
      this.offsets.nodes.set(node, this.chunks.start(i));
      el.appendChild(node);
      this.chunkEls.push(el);
      this.pieceMaps[i] = new Map();
      this.pending.add(i);
      line.appendChild(el);
    }
    this.root.replaceChildren(frag);
    this.dirty.clear();
    const first = this.firstVisibleChunk();
    const now: number[] = [];
    for (let i = first, chars = 0; i < this.chunks.count && chars < FIRST_SCREEN_CHARS; i++) {
      now.push(i);
      chars += this.chunks.end(i) - this.chunks.start(i);
    }
    this.renderChunks(now, false);
    this.scheduleIdle();
  }

  /** The label set changed: re-render every chunk with the new label classes. */
  restyle(labels: ReadonlyArray<{ name: string; color: string }>): void {
    this.sheet.set(labels);
    for (let i = 0; i < this.chunks.count; i++) this.dirty.add(i);
    this.queueFlush();
  }

  /** Spans `ids` changed (added, moved, relabelled or deleted); `get` reads their value now. */
  update(ids: Iterable<string>, get: (id: string) => SpanValue | undefined): void {
    for (const id of ids) {
      const old = this.placed.get(id);
      if (old) {
        this.markDirty(old.start, old.end);
        const [a, b] = this.chunks.covering(old.start, old.end);
        for (let i = a; i <= b; i++) this.members[i]!.delete(id);
        this.placed.delete(id);
      }
      const v = get(id);
      if (v) {
        this.place(id, v);
        this.markDirty(v.start, v.end);
      }
    }
    this.queueFlush();
  }

  /** Renders changed chunks now (normally done in a microtask after the change). */
  flush(): void {
    this.flushQueued = false;
    if (this.dirty.size === 0 || this.chunkEls.length === 0) return;
    const dirty = [...this.dirty];
    this.dirty.clear();
    this.renderChunks(dirty, true);
  }

  /** Stops idle-time work (the view is going away). */
  destroy(): void {
    if (this.idle) cancelIdleCallback(this.idle);
    this.idle = 0;
  }

  /**
   * Renders chunks with their spans. Re-rendering replaces text nodes, so the user's selection
   * and focus are carried across by offsets.
   */
  private renderChunks(indices: Iterable<number>, notify: boolean): void {
    const hadFocus = this.root.contains(document.activeElement);
    const sel = this.selection();
    const docSel = document.getSelection();
    const nodes = [docSel?.anchorNode, docSel?.focusNode];
    for (const i of indices) {
      this.renderOne(i);
      this.pending.delete(i);
    }
    if (sel && nodes.some((n) => n && !n.isConnected)) {
      const r = this.offsets.range(sel.start, sel.end);
      if (r) {
        const s = document.getSelection()!;
        if (sel.backward) s.setBaseAndExtent(r.endContainer, r.endOffset, r.startContainer, r.startOffset);
        else s.setBaseAndExtent(r.startContainer, r.startOffset, r.endContainer, r.endOffset);
      }
    }
    if (notify || this.pending.size === 0) this.onRender?.(hadFocus && !this.root.contains(document.activeElement));
  }

  private scheduleIdle(): void {
    if (this.idle || this.pending.size === 0) return;
    this.idle = requestIdleCallback(
      (deadline) => {
        this.idle = 0;
        const batch: number[] = [];
        for (const i of this.pending) {
          batch.push(i);
          if (batch.length % 8 === 0 && deadline.timeRemaining() < 4 && !deadline.didTimeout) break;
          if (batch.length >= 64) break;
        }
        this.renderChunks(batch, true);
        this.scheduleIdle();
      },
      { timeout: 100 },
    );
  }

  /** The chunk at the top of the visible text (0 unless the text is scrolled). */
  private firstVisibleChunk(): number {
    const box = this.root.getBoundingClientRect();
    if (box.top >= 0 || typeof document.caretPositionFromPoint !== 'function') return 0;
    // Probe down from the top of the window until a point lands in the text (headers sit above).
    for (let y = 4; y < Math.min(innerHeight, box.bottom); y += 40) {
      const pos = document.caretPositionFromPoint(box.left + 4, y);
      if (pos && this.root.contains(pos.offsetNode)) return this.chunks.at(this.offsets.toOffset(pos.offsetNode, pos.offset));
    }
    return 0;
  }

  /** The document selection as offsets when it lies in the text (collapsed selections included). */
  selection(): { start: number; end: number; backward: boolean } | null {
    const s = document.getSelection();
    if (!s || s.rangeCount === 0 || !s.anchorNode || !s.focusNode) return null;
    if (!this.root.contains(s.anchorNode) && !this.root.contains(s.focusNode)) return null;
    const a = this.offsets.toOffset(s.anchorNode, s.anchorOffset);
    const f = this.offsets.toOffset(s.focusNode, s.focusOffset);
    return { start: Math.min(a, f), end: Math.max(a, f), backward: f < a };
  }

  has(id: string): boolean {
    return this.placed.has(id);
  }

  span(id: string): PlacedSpan | undefined {
    return this.placed.get(id);
  }

  /** Every span, in text order (start, then longer first). */
  ordered(): PlacedSpan[] {
    return [...this.placed.values()].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : 1));
  }

  /** The rendered piece elements of a span, in text order. */
  pieces(id: string): HTMLElement[] {
    const s = this.placed.get(id);
    if (!s) return [];
    const [a, b] = this.chunks.covering(s.start, s.end);
    const waiting: number[] = [];
    for (let i = a; i <= b; i++) if (this.pending.has(i)) waiting.push(i);
    if (waiting.length) this.renderChunks(waiting, true);
    const out: HTMLElement[] = [];
    for (let i = a; i <= b; i++) out.push(...(this.pieceMaps[i]!.get(id) ?? []));
    return out;
  }

  /** Adds or removes a class on every piece of a span, now and after later re-renders. */
  mark(id: string | null, cls: string, on: boolean): void {
    if (id === null) return;
    let set = this.marks.get(id);
    if (on) {
      if (!set) this.marks.set(id, (set = new Set()));
      set.add(cls);
    } else {
      set?.delete(cls);
      if (set?.size === 0) this.marks.delete(id);
    }
    for (const p of this.pieces(id)) p.classList.toggle(cls, on);
  }

  /**
   * Moves keyboard focus to span `id`: outlines all its pieces and focuses the first, named for
   * screen readers. Returns that piece (null when the span is not rendered).
   */
  focusSpan(id: string, name: string, previous: string | null): HTMLElement | null {
    this.blurSpan(previous);
    this.mark(id, 'is-focused', true);
    const piece = this.pieces(id)[0] ?? null;
    if (!piece) return null;
    piece.tabIndex = -1;
    piece.setAttribute('role', 'button');
    piece.setAttribute('aria-label', name);
    piece.focus({ preventScroll: true });
    return piece;
  }

  blurSpan(id: string | null): void {
    if (id === null) return;
    this.mark(id, 'is-focused', false);
    for (const p of this.pieces(id).slice(0, 1)) {
      p.removeAttribute('tabindex');
      p.removeAttribute('role');
      p.removeAttribute('aria-label');
    }
  }

  private place(id: string, v: SpanValue): void {
    // Values come from the shared doc: clamp defensively so a bad value never breaks rendering.
    const start = Math.max(0, Math.min(v.start, this.text.length));
    const end = Math.max(start, Math.min(v.end, this.text.length));
    if (start === end) return;
    this.placed.set(id, { id, start, end, label: v.label });
    const [a, b] = this.chunks.covering(start, end);
    for (let i = a; i <= b; i++) this.members[i]!.add(id);
  }

  private markDirty(start: number, end: number): void {
    const [a, b] = this.chunks.covering(start, Math.max(start + 1, end));
    for (let i = a; i <= b; i++) this.dirty.add(i);
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  private renderOne(i: number): void {
    const spans: PlacedSpan[] = [];
    for (const id of this.members[i]!) spans.push(this.placed.get(id)!);
    const out = renderChunk(this.chunkEls[i]!, this.text, this.chunks.start(i), this.chunks.end(i), spans, this.sheet, this.offsets.nodes, (id) =>
      this.marks.get(id) ?? NO_MARKS,
    );
    this.pieceMaps[i] = out.pieces;
  }
}
