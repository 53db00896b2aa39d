// <tt-guidelines>: the project's guidelines (markdown rendered by micromark, which escapes raw
// HTML and unsafe link protocols by default) in a side panel, with search that highlights
// matches in place (CSS Custom Highlight API, so the rendered markup is never rewritten).
import { html, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { micromark } from 'micromark';
import { LightElement } from './light-element.ts';

const MATCH = 'tt-guideline-match';
const CURRENT = 'tt-guideline-current';

export class TtGuidelines extends LightElement {
  static override properties = { markdown: { attribute: false }, query: { state: true }, matchCount: { state: true }, current: { state: true } };
  declare markdown: string;
  declare query: string;
  declare matchCount: number;
  declare current: number;
  private ranges: Range[] = [];
  private renderedFor: string | null = null;
  private html = '';

  constructor() {
    super();
    this.markdown = '';
    this.query = '';
    this.matchCount = 0;
    this.current = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    CSS.highlights?.delete(MATCH);
    CSS.highlights?.delete(CURRENT);
  }

  private get body(): HTMLElement | null {
    return this.querySelector('.guidelines-body');
  }

  private search(q: string): void {
    this.query = q;
    this.ranges = [];
    const body = this.body;
    const needle = q.trim().toLocaleLowerCase();
    if (body && needle) {
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.nodeValue ?? '').toLocaleLowerCase();
        for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          this.ranges.push(r);
        }
      }
    }
    this.matchCount = this.ranges.length;
    this.current = 0;
    this.paint();
  }

  private step(by: number): void {
    if (this.ranges.length === 0) return;
    this.current = (this.current + by + this.ranges.length) % this.ranges.length;
    this.paint();
  }

  private paint(): void {
    if (typeof Highlight === 'undefined') return;
    CSS.highlights.set(MATCH, new Highlight(...this.ranges));
    const cur = this.ranges[this.current];
    CSS.highlights.set(CURRENT, cur ? new Highlight(cur) : new Highlight());
    const body = this.body;
    if (cur && body) {
      const r = cur.getBoundingClientRect();
      const b = body.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) body.scrollTop += r.top - b.top - b.height / 3;
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      this.step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      if (this.query) this.search('');
      else this.emit('close', null);
    }
  }

  override render(): TemplateResult {
    if (this.renderedFor !== this.markdown) {
      this.html = micromark(this.markdown);
      this.renderedFor = this.markdown;
    }
    return html`<aside class="guidelines" aria-label="Guidelines">
      <div class="guidelines-head">
        <h2>Guidelines</h2>
        <button class="btn ghost small" @click=${() => this.emit('close', null)} aria-label="Close guidelines">✕</button>
      </div>
      <div class="guidelines-search">
        <input type="search" placeholder="Search the guidelines" aria-label="Search the guidelines" .value=${this.query}
          @input=${(e: Event) => this.search((e.target as HTMLInputElement).value)} @keydown=${(e: KeyboardEvent) => this.onKey(e)} />
        <span class="muted small" role="status">${this.query.trim() ? (this.matchCount ? `${this.current + 1} of ${this.matchCount}` : 'no match') : ''}</span>
      </div>
      <div class="guidelines-body prose" tabindex="0">${this.markdown.trim() ? unsafeHTML(this.html) : html`<p class="muted">This project has no guidelines yet.</p>`}</div>
    </aside>`;
  }
}

customElements.define('tt-guidelines', TtGuidelines);
