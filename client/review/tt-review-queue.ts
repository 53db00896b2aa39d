// <tt-review-queue>: the documents of a project that are ready for review (independent layers
// reached the overlap, or the shared layer was submitted), with how much the annotators disagree,
// by kind, and a Review action. Reviewers and owners only.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProjectDetail, ReviewQueueItem } from '../../shared/api.ts';
import { api, ApiError, projectLoadMessage } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { PollController } from '../app/poll.controller.ts';
import { STATUS_TEXT, plural } from '../app/format.ts';
import { projectPath } from '../app/routes.ts';
import { kindClass, KIND_TEXT } from './adjudication.ts';
import { projectTabs } from './project-tabs.ts';
import './review.css';

const reviewPath = (did: string) => `/documents/${encodeURIComponent(did)}/review`;

export class TtReviewQueue extends LightElement {
  static override properties = {
    projectId: { attribute: false },
    project: { state: true },
    documents: { state: true },
    error: { state: true },
    forbidden: { state: true },
  };
  declare projectId: string;
  declare project: ProjectDetail | null;
  declare documents: ReviewQueueItem[] | null;
  declare error: string | null;
  declare forbidden: boolean;

  constructor() {
    super();
    this.project = null;
    this.documents = null;
    this.error = null;
    this.forbidden = false;
    new PollController(this, () => void this.loadQueue(), 15_000);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId')) void this.load();
  }

  private async load(): Promise<void> {
    this.project = null;
    this.documents = null;
    this.error = null;
    this.forbidden = false;
    try {
      const { project } = await api.get<{ project: ProjectDetail }>(`/api/projects/${encodeURIComponent(this.projectId)}`);
      this.project = project;
      document.title = `Review · ${project.name} · Tagteam`;
      await this.loadQueue();
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadQueue(): Promise<void> {
    if (this.forbidden || this.error) return;
    try {
      const { documents } = await api.get<{ documents: ReviewQueueItem[] }>(`/api/projects/${encodeURIComponent(this.projectId)}/review`);
      this.documents = documents;
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
    if (e instanceof ApiError && e.status === 403) this.forbidden = true;
    else this.error = projectLoadMessage(e);
  }

  override render(): TemplateResult {
    if (this.error) return html`<section class="page"><p class="notice error" role="alert">${this.error} <a href="/">Back to your projects</a></p></section>`;
    if (this.forbidden) {
      return html`<section class="page not-allowed"><h1>Not allowed</h1><p class="notice error" role="alert">Only reviewers and owners of this project review documents.</p>
        <p><a href=${projectPath(this.projectId)}>Back to the project</a></p></section>`;
    }
    const p = this.project;
    if (!p) return html`<section class="page"><p class="muted" aria-busy="true">Loading the review queue…</p></section>`;
    const docs = this.documents;
    const open = docs?.filter((d) => d.status !== 'done').length ?? 0;
    return html`<section class="page review-queue" aria-labelledby="rq-title">
      ${projectTabs(p, 'review')}
      <h1 id="rq-title">Review queue</h1>
      ${docs === null ? html`<p class="muted">Loading…</p>` : docs.length === 0 ? this.empty(p) : html`
        <p class="muted">${plural(open, 'document')} waiting for review, ${plural(docs.length - open, 'document')} done.</p>
        <table class="doc-table review-table">
          <caption class="visually-hidden">Documents ready for review</caption>
          <thead><tr><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Annotators</th>
            <th scope="col" class="num">Disputes</th><th scope="col">By kind</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
          <tbody>${docs.map((d) => this.row(d))}</tbody>
        </table>`}
    </section>`;
  }

  private empty(p: ProjectDetail): TemplateResult {
    return html`<p class="empty">Nothing to review yet. ${p.mode === 'independent'
      ? `A document appears here once ${p.overlap} annotators have submitted it; then you compare their versions and decide gold.`
      : 'A document appears here once its shared layer is submitted; then you check it and decide gold.'}</p>`;
  }

  private row(d: ReviewQueueItem): TemplateResult {
    // Most severe first, as the disagreement classes rank them.
    const kinds: Array<[string, number]> = [
      ...(['missing', 'label', 'boundary'] as const).map((k): [string, number] => [k, d.byKind.span[k] ?? 0]),
      ...(['missing', 'type'] as const).map((k): [string, number] => [`relation ${KIND_TEXT[k]}`, d.byKind.relation[k] ?? 0]),
      ['document label', d.byKind.docLabel.differs ?? 0],
    ];
    return html`<tr data-document=${d.id}>
      <td><a href=${reviewPath(d.id)} dir="auto">${d.title}</a></td>
      <td><span class="status status-${d.status}">${STATUS_TEXT[d.status]}</span></td>
      <td>${d.annotators.join(', ') || html`<span class="muted">—</span>`}</td>
      <td class="num"><strong>${d.disputes}</strong></td>
      <td><div class="kinds">${kinds.filter(([, n]) => n > 0).map(([k, n]) => html`<span class="kind-tag k-${kindClass(k.split(' ').pop()!)}">${KIND_TEXT[k] ?? k} ${n}</span>`)}
        ${d.disputes === 0 ? html`<span class="muted">agreed</span>` : nothing}</div></td>
      <td><a class="btn ${d.status === 'done' ? '' : 'primary'} small" href=${reviewPath(d.id)}>${d.status === 'done' ? 'Open' : 'Review'}</a></td>
    </tr>`;
  }
}

customElements.define('tt-review-queue', TtReviewQueue);
