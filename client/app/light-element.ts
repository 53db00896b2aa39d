// The base of every Tagteam component. They render into light DOM, not a shadow root: the
// annotator maps DOM selections to text offsets, and document.getSelection() cannot see into
// shadow roots portably. Styles therefore live in plain CSS files (client/styles/), scoped by tag.
import { LitElement } from 'lit';

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Dispatches a bubbling event carrying `detail` up to whoever handles it. */
  protected emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }
}
