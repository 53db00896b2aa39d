// The adjudication view's screens as templates of its state: the three-column layout (disputes,
// the text or the gold editor, the current dispute with the keys), the "not allowed" screen, and
// the line above the text saying whether gold can be changed.
import { html, nothing, type TemplateResult } from 'lit';
import type { DocumentReview, ProjectDetail } from '../../shared/api.ts';
import { projectPath } from '../app/routes.ts';
import type { TtAdjudicate } from './tt-adjudicate.ts';
import { acceptUnanimous, acceptVersion, goTo } from './review-actions.ts';

export function forbiddenView(message: string, projectId: string | null): TemplateResult {
  return html`<section class="page not-allowed" aria-labelledby="na-title">
    <h1 id="na-title">Not allowed</h1>
    <p class="notice error" role="alert">${message}</p>
    <p>Gold can only be changed by reviewers and owners of the project. ${projectId ? html`<a href=${projectPath(projectId)}>Back to the project</a>` : html`<a href="/">Back to your projects</a>`}</p>
  </section>`;
}

export function adjudicationView(v: TtAdjudicate, r: DocumentReview, p: ProjectDetail): TemplateResult {
  const gold = v.gold;
  const resolved = v.resolvedIds(gold);
  const items = r.disagreements.items;
  const cur = v.current;
  const pos = cur ? v.disputes.indexOf(cur) + 1 : 0;
  const annotators = r.annotators.map((a) => ({ username: a.username, color: a.color }));
  const pending = items.filter((i) => i.kind === 'unanimous' && !resolved.has(i.id)).length;
  const me = { id: v.user.id, name: v.user.displayName, color: v.user.color };
  const nameOf = (id: string) => (id === v.user.id ? 'you' : (p.members.find((m) => m.userId === id)?.displayName ?? 'someone'));
  return html`<div class="annotator adjudicate">
    <tt-doc-header .projectId=${p.id} .projectName=${p.name} .docTitle=${`Review · ${r.document.title}`} .me=${me} .peers=${v.presence.peers}
      .status=${v.layer.status} .everSynced=${v.layer.everSynced} .busy=${v.busy} .layers=${[]} .layer=${r.gold.layer}
      .submitted=${r.gold.submitted} .canSubmit=${r.gold.writable && !r.gold.submitted} .canReopen=${r.gold.submitted && (p.role === 'owner' || p.role === 'reviewer')}
      .canUndo=${v.history.canUndo && !v.readOnly} .canRedo=${v.history.canRedo && !v.readOnly} .readOnly=${!r.gold.writable || r.gold.submitted}
      @tt-submit=${() => void v.layerAction('submit')} @tt-reopen=${() => void v.layerAction('reopen')}
      @tt-undo=${() => v.history.undo()} @tt-redo=${() => v.history.redo()}></tt-doc-header>
    <div class="notices">${v.notices.map((n) => html`<div class="notice ${n.kind}" role=${n.kind === 'error' ? 'alert' : 'status'}>
      <span>${n.text}</span><button class="btn ghost small" aria-label="Dismiss" @click=${() => (v.notices = v.notices.filter((x) => x.id !== n.id))}>✕</button></div>`)}</div>
    <div class="annotator-body review-body">
      <aside class="left-panel" aria-label="Disputes">
        <p class="small"><a href=${`${projectPath(p.id)}/review`}>← Review queue</a></p>
        <tt-dispute-list .disputes=${v.disputes} .resolved=${resolved} .currentId=${v.currentId} .text=${r.document.text}
          .peers=${v.presence.peers} .pendingUnanimous=${pending} .readOnly=${v.readOnly}
          @tt-goto=${(e: CustomEvent<string>) => goTo(v, e.detail)} @tt-accept-unanimous=${() => acceptUnanimous(v)}
          @tt-edit-gold=${() => v.toggleEditing()}></tt-dispute-list>
      </aside>
      <section class="center-panel" aria-label="Document text">
        ${banner(v, r)}
        ${v.editing
          ? html`<tt-gold-editor .text=${r.document.text} .layer=${v.layer} .labels=${p.schema.spanLabels} .relationTypes=${p.schema.relationTypes}
              .peers=${v.presence.peers} .nameOf=${nameOf} .readOnly=${v.readOnly}></tt-gold-editor>`
          : html`<tt-review-text .text=${r.document.text} .annotators=${annotators} .items=${items} .gold=${gold} .resolved=${resolved}
              .current=${cur} .peers=${v.presence.peers} .labels=${p.schema.spanLabels}></tt-review-text>`}
      </section>
      <aside class="right-panel" aria-label="Current dispute">
        <tt-dispute-card .item=${cur} .position=${pos} .total=${v.disputes.length} .annotators=${annotators} .text=${r.document.text}
          .gold=${gold} .resolved=${cur ? resolved.has(cur.id) : false} .readOnly=${v.readOnly}
          @tt-accept=${(e: CustomEvent<number>) => acceptVersion(v, e.detail)}></tt-dispute-card>
        ${keyHelp(r.annotators.length)}
      </aside>
    </div>
    <p class="visually-hidden" role="status" aria-live="polite">${v.announcement}</p>
    ${v.announcement ? html`<p class="text-hint review-hint" aria-hidden="true">${v.announcement}</p>` : nothing}
  </div>`;
}

function banner(v: TtAdjudicate, r: DocumentReview): TemplateResult | typeof nothing {
  if (!v.layer.everSynced) return html`<p class="layer-banner muted" role="status">Opening gold…</p>`;
  if (r.gold.submitted) return html`<div class="layer-banner ok" role="status"><strong>Gold submitted.</strong> This document is done; gold is read-only until it is reopened.</div>`;
  if (!r.gold.writable) return html`<p class="layer-banner" role="status">Read-only: you can look at gold but not change it.</p>`;
  return nothing;
}

function keyHelp(k: number): TemplateResult {
  return html`<details class="key-help review-keys" open>
    <summary>Keyboard</summary>
    <dl>
      <dt>n / p</dt><dd>next / previous dispute</dd>
      <dt>1–${k}</dt><dd>accept that annotator's version into gold</dd>
      <dt>a</dt><dd>accept every agreed item</dd>
      <dt>g</dt><dd>edit gold directly (g or Esc to come back)</dd>
      <dt>Ctrl+Z</dt><dd>undo (Ctrl+Shift+Z redo)</dd>
    </dl>
    <p class="small muted">A dispute counts as decided when gold holds something for it (a span in its range, a relation between its spans,
      a value for its label set), or when a reviewer accepted a version that holds nothing there.</p>
  </details>`;
}
