// <tt-dispute-card>: the item under review, in words: what kind of dispute, what gold holds now,
// and each annotator's version with the key (and button) that accepts it into gold.
import { html, nothing, type TemplateResult } from 'lit';
import type { Disagreement } from '../../shared/agreement/disagreements.ts';
import { LightElement } from '../app/light-element.ts';
import { excerpt } from '../app/format.ts';
import { describeVersion, goldRelationsBetween, goldSpansIn, kindClass, KIND_TEXT, type GoldSnapshot } from './adjudication.ts';
import type { RowAnnotator } from './tt-review-text.ts';

export class TtDisputeCard extends LightElement {
  static override properties = {
    item: { attribute: false },
    position: { attribute: false },
    total: { attribute: false },
    annotators: { attribute: false },
    text: { attribute: false },
    gold: { attribute: false },
    resolved: { attribute: false },
    readOnly: { attribute: false },
  };
  declare item: Disagreement | null;
  /** 1-based position among the disputes; 0 when the item is not a dispute. */
  declare position: number;
  declare total: number;
  declare annotators: RowAnnotator[];
  declare text: string;
  declare gold: GoldSnapshot;
  declare resolved: boolean;
  declare readOnly: boolean;

  override render(): TemplateResult {
    const it = this.item;
    if (!it) {
      return html`<section class="dispute-card empty-card" aria-label="Current dispute"><p><strong>No disputes.</strong> The annotators agree on everything;
        press <kbd>a</kbd> to copy their agreed items into gold, check it, then submit.</p></section>`;
    }
    const k = kindClass(it.kind);
    return html`<section class="dispute-card" aria-label="Current dispute" data-item=${it.id}>
      <p class="eyebrow">${this.position ? `Dispute ${this.position} of ${this.total}` : 'Agreed item'} · ${it.target === 'span' ? 'span' : it.target === 'relation' ? 'relation' : 'document label'}</p>
      <h2 class="dispute-title"><span class="kind-tag k-${k}">${KIND_TEXT[it.kind]}</span> <span dir="auto">${this.subject(it)}</span></h2>
      <p class="gold-now ${this.resolved ? 'decided' : ''}"><strong>Gold:</strong> ${this.resolved ? this.goldNow(it) : html`<span class="muted">no decision yet</span>`}
        ${this.resolved ? html`<span class="pill ok">decided</span>` : nothing}</p>
      <ol class="versions">${this.annotators.map((a, n) => {
        const same = this.annotators.slice(0, n).findIndex((b) => JSON.stringify(simplify(it, b.username)) === JSON.stringify(simplify(it, a.username)));
        return html`<li class="version">
          <kbd aria-hidden="true">${n + 1}</kbd>
          <span class="who">${a.username}</span>
          <span class="what" dir="auto">${describeVersion(it, a.username, this.text)}${same >= 0 ? html` <span class="muted">(same as ${same + 1})</span>` : nothing}</span>
          <button class="btn small" ?disabled=${this.readOnly} @click=${() => this.emit('tt-accept', n)}
            aria-label="Accept ${a.username}'s version (key ${n + 1})">Accept</button>
        </li>`;
      })}</ol>
    </section>`;
  }

  private subject(it: Disagreement): string {
    if (it.target === 'docLabel') return it.name;
    if (it.target === 'relation') return `${excerpt(this.text.slice(it.from.start, it.from.end), 24)} → ${excerpt(this.text.slice(it.to.start, it.to.end), 24)}`;
    return `“${excerpt(this.text.slice(it.start, it.end), 60)}”`;
  }

  private goldNow(it: Disagreement): string {
    if (it.target === 'docLabel') return (this.gold.docLabels.get(it.name) ?? []).join(', ') || 'no value';
    if (it.target === 'relation') return goldRelationsBetween(this.gold, it.from, it.to).map(([, r]) => r.type).join(', ') || 'no relation';
    const spans = goldSpansIn(this.gold, it.start, it.end);
    return spans.length ? spans.map(([, v]) => `“${excerpt(this.text.slice(v.start, v.end), 40)}” ${v.label}`).join('; ') : 'no span';
  }
}

/** A version without ids, to tell identical versions apart from different ones. */
function simplify(it: Disagreement, who: string): unknown {
  if (it.target === 'docLabel') return it.versions[who] ?? [];
  if (it.target === 'relation') return (it.versions[who] ?? []).map((r) => r.type).sort();
  return (it.versions[who] ?? []).map((s) => [s.start, s.end, s.label]);
}

customElements.define('tt-dispute-card', TtDisputeCard);
