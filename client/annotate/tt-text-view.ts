// <tt-text-view>: the article — the hero of the annotation view. Renders the text with its spans
// (through TextSurfaceController), and turns mouse and keyboard into intents it emits upward:
// tt-create, tt-relabel, tt-note, tt-delete, tt-relate, tt-selection, tt-editing. Select text and
// press a label's key; click a span for its popover; j/k move between spans; Shift+arrows select.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { RelationTypeDef, SpanLabelDef } from '../../shared/domain.ts';
import { spansOf } from '../../shared/layer-doc.ts';
import { LightElement } from '../app/light-element.ts';
import { adjustSelection } from '../text/snap.ts';
import { commandFor, type CaretMove, type Command } from '../text/text-keys.ts';
import { anchorUnder, moveCaret, neighbour, spansAround } from '../text/caret.ts';
import type { LayerController } from './layer.controller.ts';
import type { Peer } from './presence.controller.ts';
import { TextSurfaceController } from './text-surface.controller.ts';
import { LinkController } from './link.controller.ts';
import './tt-span-popover.ts';

export class TtTextView extends LightElement {
  static override properties = {
    text: { attribute: false },
    layer: { attribute: false },
    labels: { attribute: false },
    relationTypes: { attribute: false },
    readOnly: { attribute: false },
    snap: { attribute: false },
    peers: { attribute: false },
    nameOf: { attribute: false },
    focusedId: { state: true },
    openPopover: { state: true },
    announcement: { state: true },
    hint: { state: true },
  };
  declare text: string;
  declare layer: LayerController;
  declare labels: SpanLabelDef[];
  declare relationTypes: RelationTypeDef[];
  declare readOnly: boolean;
  declare snap: boolean;
  declare peers: Peer[];
  declare nameOf: (userId: string) => string;
  declare focusedId: string | null;
  declare openPopover: { id: string; keyboard: boolean } | null;
  declare announcement: string;
  /** The same message shown briefly over the text (not for messages the UI shows elsewhere). */
  declare hint: string;
  private hintTimer: ReturnType<typeof setTimeout> | null = null;
  /** Where keyboard selection starts when nothing is selected. */
  private caret = 0;
  private readonly link = new LinkController(this);
  readonly surface = new TextSurfaceController(this, {
    layer: () => this.layer,
    rendered: (lostFocus) => this.afterRender(lostFocus),
    selectionChanged: () => this.onSelectionChange(),
  });

  constructor() {
    super();
    this.labels = [];
    this.relationTypes = [];
    this.readOnly = true;
    this.snap = true;
    this.peers = [];
    this.nameOf = (id) => id;
    this.focusedId = null;
    this.openPopover = null;
    this.announcement = '';
    this.hint = '';
  }

  private get root(): HTMLElement {
    return this.querySelector<HTMLElement>('.text-root')!;
  }

  override firstUpdated(): void {
    this.attachSurface();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.surface.renderer) this.attachSurface();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('text') && changed.get('text') !== undefined) this.attachSurface();
    else if (changed.has('labels') && changed.get('labels') !== undefined) this.surface.renderer?.restyle(this.labels);
    if (changed.has('peers')) this.surface.overlay?.setPeers(this.peers);
    if (changed.has('openPopover') && this.openPopover?.keyboard) this.focusInto('tt-span-popover');
    if (changed.has('openPopover')) this.emit('tt-editing', this.openPopover && !this.readOnly ? this.openPopover.id : null);
  }

  /** Moves focus into a just-rendered popover, once it has rendered its own content. */
  private focusInto(tag: 'tt-span-popover' | 'tt-relation-picker'): void {
    const el = this.querySelector(tag);
    void el?.updateComplete.then(() => el.focusFirst());
  }

  private attachSurface(): void {
    this.surface.attach(this.root, this.querySelector<HTMLElement>('.text-overlay')!, this.querySelector<HTMLElement>('.text-frame')!, this.text, this.labels);
    this.surface.overlay?.setPeers(this.peers);
  }

  /** The current text selection as span offsets (snapped when the switch is on), or null. */
  selectedRange(): { start: number; end: number } | null {
    const sel = this.surface.renderer?.selection();
    if (!sel || sel.start === sel.end) return null;
    return adjustSelection(this.text, sel.start, sel.end, this.snap);
  }

  /** A label key or palette click: label the selection, else relabel the focused span. */
  applyLabel(label: string): void {
    if (this.readOnly) return this.say('This layer is read-only.');
    const range = this.selectedRange();
    if (range) {
      document.getSelection()?.collapseToEnd();
      this.caret = range.end;
      this.emit('tt-create', { ...range, label });
    } else if (this.focusedId) this.emit('tt-relabel', { id: this.focusedId, label });
    else this.say('Select some text first (drag, double-click a word, or Shift+arrow keys), then press a label key.');
  }

  /** Handles a key press routed here by the annotator; returns whether it was used. */
  handleKey(e: KeyboardEvent): boolean {
    const hotkeys = new Map(this.labels.filter((l) => l.hotkey).map((l) => [l.hotkey!, l.name]));
    const target = e.target as Node;
    const inText = this.root.contains(target) || target === document.body;
    const cmd = commandFor(e, { hotkeys, inText, choosing: this.link.choosing });
    if (!cmd) return false;
    return this.run(cmd);
  }

  private run(cmd: Command): boolean {
    switch (cmd.kind) {
      case 'label':
        this.applyLabel(cmd.label);
        return true;
      case 'choose': {
        const t = this.relationTypes[cmd.index];
        if (t) this.chooseType(t.name);
        return t !== undefined;
      }
      case 'next':
      case 'prev':
        this.step(cmd.kind === 'next' ? 1 : -1);
        return true;
      case 'open':
        if (!this.focusedId) return false;
        if (this.link.from) this.pickTarget(this.focusedId);
        else this.openPopover = { id: this.focusedId, keyboard: true };
        return true;
      case 'delete':
        if (!this.focusedId || this.readOnly) return false;
        this.deleteFocused();
        return true;
      case 'link':
        if (!this.focusedId) return false;
        this.startLink(this.focusedId);
        return true;
      case 'escape':
        return this.escape();
      case 'caret':
        this.moveCaret(cmd.move);
        return true;
    }
  }

  /** Focuses a span: outlined in the text, focused for screen readers, scrolled into view. */
  focusSpan(id: string, opts: { scroll?: boolean; popover?: boolean } = {}): void {
    const r = this.surface.renderer;
    if (!r) return;
    r.flush();
    const s = r.span(id);
    if (!s) return;
    const piece = r.focusSpan(id, `${s.label}: ${this.text.slice(s.start, s.end)}`, this.focusedId);
    this.focusedId = id;
    this.caret = s.start;
    if (piece && opts.scroll !== false) piece.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (opts.popover) this.openPopover = { id, keyboard: false };
    else if (this.openPopover && this.openPopover.id !== id) this.openPopover = null;
  }

  startLink(from: string): void {
    if (this.readOnly || this.relationTypes.length === 0) return this.say(this.readOnly ? 'This layer is read-only.' : 'This project defines no relation types.');
    this.openPopover = null;
    this.link.start(from);
    this.say('Linking: click the target span, or move to it with j/k and press Enter. Esc cancels.', true);
  }

  private pickTarget(id: string): void {
    if (this.link.target(id)) void this.updateComplete.then(() => this.focusInto('tt-relation-picker'));
  }

  private chooseType(type: string): void {
    const { from, to } = this.link;
    if (!from || !to) return;
    this.emit('tt-relate', { from, to, type });
    this.link.cancel();
    this.focusSpan(to);
  }

  private escape(): boolean {
    if (this.link.from) {
      this.focusSpan(this.link.cancel()!);
      return true;
    }
    if (this.openPopover) {
      const id = this.openPopover.id;
      this.openPopover = null;
      this.focusSpan(id, { scroll: false });
      return true;
    }
    const sel = document.getSelection();
    if (sel && !sel.isCollapsed && this.surface.renderer?.selection()) {
      sel.collapseToEnd();
      return true;
    }
    if (this.focusedId) {
      this.clearFocus();
      this.root.focus();
      return true;
    }
    return false;
  }

  private step(by: 1 | -1): void {
    const r = this.surface.renderer;
    if (!r) return;
    const order = r.ordered();
    if (order.length === 0) return this.say('No spans yet.');
    const next = neighbour(order, this.focusedId, this.caret, by);
    if (!next) return this.say(by > 0 ? 'That was the last span.' : 'That was the first span.');
    this.focusSpan(next.id);
  }

  private deleteFocused(): void {
    const r = this.surface.renderer!;
    const id = this.focusedId!;
    const order = r.ordered();
    const i = order.findIndex((s) => s.id === id);
    const next = order[i + 1] ?? order[i - 1];
    this.openPopover = null;
    this.clearFocus();
    this.emit('tt-delete', { id });
    if (next) this.focusSpan(next.id, { scroll: false });
    else this.root.focus();
  }

  private moveCaret(move: CaretMove): void {
    const r = this.surface.renderer;
    const sel = document.getSelection();
    if (!r || !sel) return;
    const leaving = this.focusedId ? r.span(this.focusedId) : undefined;
    if (this.focusedId) this.clearFocus();
    if (document.activeElement !== this.root) this.root.focus({ preventScroll: true });
    this.caret = moveCaret(r, sel, this.caret, move, leaving);
    this.showCaret();
    (sel.focusNode?.parentElement ?? this.root).scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  private showCaret(): void {
    const r = this.surface.renderer;
    const sel = document.getSelection();
    const show = r && sel && sel.isCollapsed && document.activeElement === this.root && r.selection();
    this.surface.overlay?.caret(show ? r.offsets.range(this.caret, this.caret) : null);
  }

  private clearFocus(): void {
    this.surface.renderer?.blurSpan(this.focusedId);
    this.focusedId = null;
  }

  private afterRender(lostFocus: boolean): void {
    const r = this.surface.renderer;
    if (this.focusedId && r && !r.has(this.focusedId)) {
      this.focusedId = null;
      if (this.openPopover) this.openPopover = null;
    } else if (this.focusedId && lostFocus) this.focusSpan(this.focusedId, { scroll: false });
    if (this.link.from && !r?.has(this.link.from)) this.link.cancel();
    if (this.openPopover || this.link.to) this.requestUpdate(); // the popover's anchor may have moved
  }

  private onSelectionChange(): void {
    const sel = this.surface.renderer?.selection() ?? null;
    if (sel && sel.start !== sel.end) {
      if (this.openPopover && !this.openPopover.keyboard) this.openPopover = null;
      this.emit('tt-selection', { start: sel.start, end: sel.end });
    } else this.emit('tt-selection', null);
    if (sel && sel.start === sel.end) this.caret = sel.start;
    this.showCaret();
  }

  private onClick(e: MouseEvent): void {
    const sel = document.getSelection();
    if (sel && !sel.isCollapsed) return; // the end of a drag-selection, not a click
    const r = this.surface.renderer;
    const piece = (e.target as Element).closest<HTMLElement>('.sp');
    const ids = (piece?.dataset.s ?? '').split(' ').filter((id) => r?.has(id));
    if (!r || ids.length === 0) {
      this.clearFocus();
      this.openPopover = null;
      return;
    }
    const innermost = ids.map((id) => r.span(id)!).sort((a, b) => a.end - a.start - (b.end - b.start))[0]!;
    if (this.link.from) return this.pickTarget(innermost.id);
    if (this.openPopover?.id === innermost.id) this.openPopover = null;
    else this.focusSpan(innermost.id, { popover: true, scroll: false });
  }

  /** Tells screen readers (and, unless `quiet`, shows a hint for a few seconds). */
  private say(message: string, quiet = false): void {
    // Re-set even when unchanged, so the live region repeats it.
    this.announcement = '';
    this.hint = quiet ? '' : message;
    if (this.hintTimer !== null) clearTimeout(this.hintTimer);
    this.hintTimer = quiet
      ? null
      : setTimeout(() => {
          this.hint = '';
          this.hintTimer = null;
        }, 4000);
    void this.updateComplete.then(() => (this.announcement = message));
  }

  override render(): TemplateResult {
    return html`
      ${this.linkBanner()}
      <div class="text-frame">
        <div class="text-root" role="region" aria-label="Article text" aria-describedby="text-help" tabindex="0"
          @click=${(e: MouseEvent) => this.onClick(e)} @focus=${() => this.showCaret()} @blur=${() => this.surface.overlay?.caret(null)}></div>
        <div class="text-overlay" aria-hidden="true"></div>
        ${this.popoverTemplate()}${this.pickerTemplate()}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.hint ? html`<p class="text-hint" aria-hidden="true">${this.hint}</p>` : nothing}
    `;
  }

  private linkBanner(): TemplateResult | typeof nothing {
    const s = this.link.from ? this.surface.renderer?.span(this.link.from) : undefined;
    return this.link.banner(s ? this.text.slice(s.start, s.end) : '', () => this.escape());
  }

  private anchor(id: string): { top: string; left: string } | null {
    const r = this.surface.renderer;
    const frame = this.querySelector('.text-frame');
    return r && frame ? anchorUnder(r, id, frame) : null;
  }

  private popoverTemplate(): TemplateResult | typeof nothing {
    const r = this.surface.renderer;
    const id = this.openPopover?.id;
    const v = id ? spansOf(this.layer.doc).get(id) : undefined;
    const pos = id && this.anchor(id);
    if (!r || !id || !v || !pos) return nothing;
    const otherSpans = spansAround(r, id).map((s) => ({ id: s.id, label: s.label, text: this.text.slice(s.start, s.end) }));
    const editors = this.peers.filter((p) => p.editing === id).map((p) => p.user.name);
    return html`<tt-span-popover style=${styleMap({ ...pos, position: 'absolute' })}
      .span=${{ id, label: v.label, text: this.text.slice(v.start, v.end), note: v.note ?? '', authorName: this.nameOf(v.author) }}
      .others=${otherSpans} .labels=${this.labels} .readOnly=${this.readOnly} .editors=${editors} .canLink=${this.relationTypes.length > 0}
      @tt-close-popover=${() => this.escape()} @tt-pick=${(e: CustomEvent<string>) => this.focusSpan(e.detail, { popover: true })}
      @tt-link-from=${(e: CustomEvent<string>) => this.startLink(e.detail)}
      @tt-delete=${(e: CustomEvent<{ id: string }>) => { e.stopPropagation(); this.focusSpan(e.detail.id, { scroll: false }); this.deleteFocused(); }}></tt-span-popover>`;
  }

  private pickerTemplate(): TemplateResult | typeof nothing {
    const r = this.surface.renderer;
    const from = this.link.from ? r?.span(this.link.from) : undefined;
    const to = this.link.to ? r?.span(this.link.to) : undefined;
    if (!from || !to) return nothing;
    const texts = { from: this.text.slice(from.start, from.end), to: this.text.slice(to.start, to.end) };
    return this.link.picker(this.anchor(to.id), this.relationTypes, texts, (t) => this.chooseType(t), () => this.escape());
  }
}

customElements.define('tt-text-view', TtTextView);
declare global {
  interface HTMLElementTagNameMap {
    'tt-text-view': TtTextView;
  }
}
