// The relation-linking flow of the article view: a source span (r, or "Link to…"), then a target
// (click, or j/k and Enter), then a type (click or its number). Holds the flow's state and draws
// its banner and type picker; the view decides what the keys and clicks mean.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { RelationTypeDef } from '../../shared/domain.ts';
import { excerpt } from '../app/format.ts';
import './tt-relation-picker.ts';

export class LinkController implements ReactiveController {
  from: string | null = null;
  to: string | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  get choosing(): boolean {
    return this.to !== null;
  }

  start(from: string): void {
    this.from = from;
    this.to = null;
    this.host.requestUpdate();
  }

  /** Picks the target; false when there is no source yet or it is the source itself. */
  target(id: string): boolean {
    if (!this.from || id === this.from) return false;
    this.to = id;
    this.host.requestUpdate();
    return true;
  }

  /** Ends the flow; returns the source span, to give it the focus back. */
  cancel(): string | null {
    const from = this.from;
    this.from = null;
    this.to = null;
    this.host.requestUpdate();
    return from;
  }

  banner(sourceText: string, onCancel: () => void): TemplateResult | typeof nothing {
    if (!this.from) return nothing;
    return html`<div class="link-banner" role="status">Linking from <strong>“${excerpt(sourceText, 30)}”</strong> — click the target span, or j/k then Enter.
      <button class="btn small ghost" @click=${onCancel}>Cancel (Esc)</button></div>`;
  }

  picker(
    at: { top: string; left: string } | null,
    types: RelationTypeDef[],
    texts: { from: string; to: string },
    onChoose: (type: string) => void,
    onCancel: () => void,
  ): TemplateResult | typeof nothing {
    if (!this.to || !at) return nothing;
    return html`<tt-relation-picker style=${styleMap({ ...at, position: 'absolute' })} .types=${types} .fromText=${texts.from} .toText=${texts.to}
      @tt-choose-type=${(e: CustomEvent<string>) => onChoose(e.detail)} @tt-cancel-link=${onCancel}></tt-relation-picker>`;
  }

  hostConnected(): void {}
}
