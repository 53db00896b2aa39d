// <tt-gold-editor>: gold edited directly (key g), with the annotator's own tools: the label palette
// and the article view on the live gold layer. The text view's intents (tt-create, tt-relabel,
// tt-note, tt-delete, tt-relate, tt-selection) bubble up to the adjudication view, which writes them
// through the same validated LayerEditor it uses for accepted versions (one undo history).
import { html, type TemplateResult } from 'lit';
import type { RelationTypeDef, SpanLabelDef } from '../../shared/domain.ts';
import { LightElement } from '../app/light-element.ts';
import type { LayerController } from '../annotate/layer.controller.ts';
import type { Peer } from '../annotate/presence.controller.ts';
import { labelCounts } from '../annotate/annotator-data.ts';
import '../annotate/tt-label-palette.ts';
import '../annotate/tt-text-view.ts';
import type { TtTextView } from '../annotate/tt-text-view.ts';

export class TtGoldEditor extends LightElement {
  static override properties = {
    text: { attribute: false },
    layer: { attribute: false },
    labels: { attribute: false },
    relationTypes: { attribute: false },
    peers: { attribute: false },
    nameOf: { attribute: false },
    readOnly: { attribute: false },
    snap: { state: true },
  };
  declare text: string;
  declare layer: LayerController;
  declare labels: SpanLabelDef[];
  declare relationTypes: RelationTypeDef[];
  declare peers: Peer[];
  declare nameOf: (id: string) => string;
  declare readOnly: boolean;
  declare snap: boolean;

  constructor() {
    super();
    this.snap = true;
  }

  get textView(): TtTextView | null {
    return this.querySelector('tt-text-view');
  }

  /** Routes a key press to the article view; returns whether it was used. */
  handleKey(e: KeyboardEvent): boolean {
    return this.textView?.handleKey(e) ?? false;
  }

  override render(): TemplateResult {
    return html`<div class="gold-editor">
      <aside class="gold-palette" aria-label="Labels">
        <p class="small">Editing gold directly. Select text and press a label key; click a span to change or delete it.
          <kbd>g</kbd> or <kbd>Esc</kbd> goes back to the disputes.</p>
        <tt-label-palette .labels=${this.labels} .readOnly=${this.readOnly} .snap=${this.snap} .counts=${labelCounts(this.layer.doc)}
          @tt-apply-label=${(e: CustomEvent<string>) => this.textView?.applyLabel(e.detail)}
          @tt-snap=${(e: CustomEvent<boolean>) => (this.snap = e.detail)}></tt-label-palette>
      </aside>
      <tt-text-view .text=${this.text} .layer=${this.layer} .labels=${this.labels} .relationTypes=${this.relationTypes}
        .readOnly=${this.readOnly} .snap=${this.snap} .peers=${this.peers} .nameOf=${this.nameOf}></tt-text-view>
    </div>`;
  }
}

customElements.define('tt-gold-editor', TtGoldEditor);
