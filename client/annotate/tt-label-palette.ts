// <tt-label-palette>: the span labels as a toolbar, each with its key; clicking one labels the
// current selection (the buttons never take the selection away). Also the snap switch and the
// keyboard help.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { SpanLabelDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import { labelStyles } from '../text/colors.ts';

export class TtLabelPalette extends LightElement {
  static override properties = {
    labels: { attribute: false },
    readOnly: { attribute: false },
    snap: { attribute: false },
    counts: { attribute: false },
    current: { state: true },
  };
  declare labels: SpanLabelDef[];
  declare readOnly: boolean;
  declare snap: boolean;
  declare counts: Map<string, number>;
  /** The one button of the toolbar in the Tab order (arrow keys move between the others). */
  declare current: number;

  constructor() {
    super();
    this.labels = [];
    this.readOnly = false;
    this.snap = true;
    this.counts = new Map();
    this.current = 0;
  }

  /** Arrow keys, Home and End move along the toolbar (one Tab stop for the whole palette). */
  private onKey(e: KeyboardEvent): void {
    const buttons = [...this.querySelectorAll<HTMLButtonElement>('.palette-label')];
    const at = buttons.indexOf(e.target as HTMLButtonElement);
    if (at < 0) return;
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  }

  override render(): TemplateResult {
    const style = labelStyles(this.labels);
    return html`<h2 class="side-title" id="palette-title">Labels</h2>
      <div class="palette" role="toolbar" aria-labelledby="palette-title" aria-orientation="vertical" @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
        ${this.labels.map((l, i) => {
          const st = style(l.name);
          return html`<button class="palette-label" aria-disabled=${this.readOnly} data-label=${l.name} tabindex=${i === this.current ? 0 : -1}
            @focus=${() => (this.current = i)}
            title=${l.hotkey ? `Label the selection ${l.name} (key ${l.hotkey})` : `Label the selection ${l.name}`}
            @mousedown=${(e: MouseEvent) => e.preventDefault()} @click=${() => !this.readOnly && this.emit('tt-apply-label', l.name)}>
            ${l.hotkey ? html`<kbd>${l.hotkey}</kbd>` : html`<span class="kbd-gap"></span>`}
            <span class="name">${l.name}</span>
            <span class="swatch" style=${styleMap({ background: st.color })} aria-hidden="true"></span>
            <span class="count" aria-label="${this.counts.get(l.name) ?? 0} spans">${this.counts.get(l.name) ?? 0}</span>
          </button>`;
        })}
      </div>
      <label class="switch" title="Selections snap out to whole words and lose surrounding spaces">
        <input type="checkbox" .checked=${this.snap} @change=${(e: Event) => this.emit('tt-snap', (e.target as HTMLInputElement).checked)} />
        <span>Snap to words</span>
      </label>
      ${this.readOnly ? html`<p class="small muted">Read-only: labels are shown, not applied.</p>` : nothing}
      <details class="key-help" id="text-help">
        <summary>Keyboard</summary>
        <dl>
          <dt>Shift+←/→</dt><dd>select from the caret (Ctrl: by word)</dd>
          <dt>1–9</dt><dd>label the selection, or relabel the focused span</dd>
          <dt>j / k</dt><dd>next / previous span</dd>
          <dt>Enter</dt><dd>edit the focused span</dd>
          <dt>Del</dt><dd>delete it</dd>
          <dt>r</dt><dd>link it to another span</dd>
          <dt>Esc</dt><dd>cancel</dd>
          <dt>Ctrl+Z</dt><dd>undo (Ctrl+Shift+Z / Ctrl+Y redo)</dd>
        </dl>
      </details>`;
  }
}

customElements.define('tt-label-palette', TtLabelPalette);
