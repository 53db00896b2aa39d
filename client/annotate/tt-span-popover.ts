// <tt-span-popover>: the small in-place editor of one span (label, note, link, delete), anchored
// under the span in the text; never a modal, the article stays visible and clickable. Esc closes.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { SpanLabelDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt } from '../app/format.ts';
import { labelStyles } from '../text/colors.ts';

export interface PopoverSpan {
  id: string;
  label: string;
  text: string;
  note: string;
  authorName: string;
}

export class TtSpanPopover extends LightElement {
  static override properties = {
    span: { attribute: false },
    others: { attribute: false },
    labels: { attribute: false },
    readOnly: { attribute: false },
    editors: { attribute: false },
    canLink: { attribute: false },
  };
  declare span: PopoverSpan;
  /** Other spans under the same click, so nested and overlapping ones stay reachable. */
  declare others: Array<{ id: string; label: string; text: string }>;
  declare labels: SpanLabelDef[];
  declare readOnly: boolean;
  /** Names of the other people editing this span now. */
  declare editors: string[];
  declare canLink: boolean;
  private noteDraft: string | null = null;

  constructor() {
    super();
    this.others = [];
    this.labels = [];
    this.readOnly = false;
    this.editors = [];
    this.canLink = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const prev = changed.get('span') as PopoverSpan | undefined;
    if (changed.has('span') && prev?.id !== this.span.id) this.noteDraft = null;
  }

  /** Moves keyboard focus into the popover (when it was opened from the keyboard). */
  focusFirst(): void {
    this.querySelector<HTMLElement>('.label-choice[aria-pressed="true"], button, textarea')?.focus();
  }

  private saveNote(): void {
    if (this.noteDraft === null || this.noteDraft === this.span.note) return;
    this.emit('tt-note', { id: this.span.id, note: this.noteDraft });
    this.noteDraft = null;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.stopPropagation();
      this.saveNote();
      this.emit('tt-close-popover', null);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target instanceof HTMLTextAreaElement) {
      e.preventDefault();
      this.saveNote();
    }
  }

  override render(): TemplateResult {
    const s = this.span;
    const style = labelStyles(this.labels);
    const tag = style(s.label);
    return html`<div class="popover" role="dialog" aria-label="Span ${s.label}: ${excerpt(s.text, 40)}" @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      <div class="popover-head">
        <span class="tag" style=${styleMap({ background: tag.tagBackground, color: tag.tagText })}>${s.label}</span>
        <span class="popover-text" dir="auto">“${excerpt(s.text, 40)}”</span>
        <button class="btn ghost small" aria-label="Close" @click=${() => { this.saveNote(); this.emit('tt-close-popover', null); }}>✕</button>
      </div>
      ${this.editors.length ? html`<p class="small editing-note">${this.editors.join(', ')} ${this.editors.length === 1 ? 'is' : 'are'} editing this span</p>` : nothing}
      ${this.readOnly
        ? html`<p class="small muted">Read-only${s.note ? html` · note: ${s.note}` : nothing} · by ${s.authorName}</p>`
        : html`<div class="label-choices" role="group" aria-label="Change label">
              ${this.labels.map((l) => {
                const st = style(l.name);
                return html`<button class="label-choice" aria-pressed=${l.name === s.label}
                  style=${styleMap({ '--swatch': st.color })} @click=${() => this.emit('tt-relabel', { id: s.id, label: l.name })}>
                  ${l.hotkey ? html`<kbd>${l.hotkey}</kbd>` : nothing}${l.name}</button>`;
              })}
            </div>
            <label class="small" for="note-${s.id}">Note</label>
            <textarea id="note-${s.id}" rows="2" maxlength="2000" placeholder="Optional note (saved when you leave the field)"
              .value=${this.noteDraft ?? s.note} @input=${(e: Event) => (this.noteDraft = (e.target as HTMLTextAreaElement).value)}
              @blur=${() => this.saveNote()}></textarea>
            <div class="popover-actions">
              ${this.canLink ? html`<button class="btn small" @click=${() => this.emit('tt-link-from', s.id)}><kbd>r</kbd> Link to…</button>` : nothing}
              <span class="spacer"></span>
              <button class="btn small danger" @click=${() => this.emit('tt-delete', { id: s.id })}><kbd>Del</kbd> Delete</button>
            </div>
            <p class="small muted">Last edit by ${s.authorName}</p>`}
      ${this.others.length
        ? html`<div class="popover-others"><span class="small muted">Also here:</span>
            ${this.others.map((o) => html`<button class="btn small ghost" @click=${() => this.emit('tt-pick', o.id)}>${o.label} “${excerpt(o.text, 24)}”</button>`)}</div>`
        : nothing}
    </div>`;
  }
}

customElements.define('tt-span-popover', TtSpanPopover);
declare global {
  interface HTMLElementTagNameMap {
    'tt-span-popover': TtSpanPopover;
  }
}
