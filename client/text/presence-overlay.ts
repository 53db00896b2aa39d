// What the text shows of other people and of the keyboard caret: peers' selections painted
// faintly in their colour (CSS Custom Highlight API: no DOM changes, so offsets stay exact), a
// badge with the initial of whoever is editing a span, and a caret for keyboard selection (a
// collapsed selection in non-editable text is otherwise invisible).
import type { Peer } from '../annotate/presence.controller.ts';
import { initial } from '../app/format.ts';
import type { TextRenderer } from './text-renderer.ts';

const MAX_PEER_STYLES = 12;

export class PresenceOverlay {
  private readonly sheet = new CSSStyleSheet();
  private readonly names: string[] = [];
  private peers: Peer[] = [];
  private readonly caretEl: HTMLElement;
  private readonly badges: HTMLElement;
  /** The pending animation frame of a repaint (0 when none). */
  private frame_ = 0;

  constructor(
    private readonly overlay: HTMLElement,
    private readonly frame: HTMLElement,
    private readonly renderer: () => TextRenderer | null,
  ) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    this.caretEl = document.createElement('div');
    this.caretEl.className = 'kbd-caret';
    this.caretEl.hidden = true;
    this.badges = document.createElement('div');
    overlay.replaceChildren(this.badges, this.caretEl);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame_);
    for (const n of this.names) CSS.highlights?.delete(n);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
    this.overlay.replaceChildren();
  }

  setPeers(peers: Peer[]): void {
    this.peers = peers;
    this.paint();
  }

  /**
   * Re-measures after the text re-rendered or resized, in the next frame: measuring forces a
   * layout, which a burst of remote changes should pay once, not once per change.
   */
  paint(): void {
    if (this.frame_ !== 0) return;
    this.frame_ = requestAnimationFrame(() => {
      this.frame_ = 0;
      this.paintNow();
    });
  }

  private paintNow(): void {
    const r = this.renderer();
    if (!r) return;
    this.paintSelections(r);
    this.paintBadges(r);
  }

  private paintSelections(r: TextRenderer): void {
    if (typeof Highlight === 'undefined') return;
    const rules: string[] = [];
    const peers = this.peers.slice(0, MAX_PEER_STYLES);
    peers.forEach((p, i) => {
      const name = `tt-peer-${i}`;
      if (!this.names.includes(name)) this.names.push(name);
      const range = p.selection && r.offsets.range(Math.min(p.selection.start, r.text.length), Math.min(p.selection.end, r.text.length));
      CSS.highlights.set(name, range ? new Highlight(range) : new Highlight());
      rules.push(`::highlight(${name}) { background-color: color-mix(in srgb, ${p.user.color} 28%, transparent); }`);
    });
    for (const n of this.names.slice(peers.length)) CSS.highlights.delete(n);
    this.sheet.replaceSync(rules.join('\n'));
  }

  private paintBadges(r: TextRenderer): void {
    if (!this.peers.some((p) => p.editing) && this.badges.childElementCount === 0) return; // nothing to measure
    const origin = this.frame.getBoundingClientRect();
    const out: HTMLElement[] = [];
    const taken = new Map<string, number>();
    for (const p of this.peers) {
      if (!p.editing) continue;
      const piece = r.pieces(p.editing)[0];
      if (!piece) continue;
      const box = piece.getClientRects()[0] ?? piece.getBoundingClientRect();
      const n = taken.get(p.editing) ?? 0;
      taken.set(p.editing, n + 1);
      const b = document.createElement('span');
      b.className = 'editing-badge';
      b.textContent = initial(p.user.name);
      b.title = `${p.user.name} is editing this span`;
      b.style.setProperty('--peer', p.user.color);
      b.style.left = `${box.left - origin.left + n * 14 - 6}px`;
      b.style.top = `${box.top - origin.top - 12}px`;
      out.push(b);
    }
    this.badges.replaceChildren(...out);
  }

  /** Shows the keyboard caret at a collapsed DOM range, or hides it. */
  caret(range: Range | null): void {
    const rect = range?.getClientRects()[0] ?? range?.getBoundingClientRect();
    if (!range || !rect || (rect.height === 0 && rect.width === 0)) {
      this.caretEl.hidden = true;
      return;
    }
    const origin = this.frame.getBoundingClientRect();
    this.caretEl.hidden = false;
    this.caretEl.style.left = `${rect.left - origin.left - 1}px`;
    this.caretEl.style.top = `${rect.top - origin.top}px`;
    this.caretEl.style.height = `${rect.height}px`;
  }
}
