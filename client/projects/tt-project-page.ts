// <tt-project-page>: one project — the annotator's queue with a prominent "Next document", the
// documents with status, assignees and who is in them now, and the guidelines beside them.
import { html, nothing, type TemplateResult } from 'lit';
import type { DocumentSummary, ProjectDetail, UserInfo } from '../../shared/api.ts';
import { api, ApiError, projectLoadMessage } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { PollController } from '../app/poll.controller.ts';
import { plural } from '../app/format.ts';
import { documentPath, projectPath, reviewPath } from '../app/routes.ts';
import './tt-document-table.ts';
import '../app/tt-guidelines.ts';

interface Queue {
  document: { id: string; title: string } | null;
  remaining: number;
}

export class TtProjectPage extends LightElement {
  static override properties = {
    projectId: { attribute: false },
    user: { attribute: false },
    project: { state: true },
    documents: { state: true },
    queue: { state: true },
    error: { state: true },
    showGuidelines: { state: true },
  };
  declare projectId: string;
  declare user: UserInfo;
  declare project: ProjectDetail | null;
  declare documents: DocumentSummary[] | null;
  declare queue: Queue | null;
  declare error: string | null;
  declare showGuidelines: boolean;

  constructor() {
    super();
    this.project = null;
    this.documents = null;
    this.queue = null;
    this.error = null;
    this.showGuidelines = true;
    new PollController(this, () => void this.loadDocuments(), 10_000);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId')) {
      this.project = null;
      this.documents = null;
      this.queue = null;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const pid = encodeURIComponent(this.projectId);
    try {
      const [{ project }, queue] = await Promise.all([
        api.get<{ project: ProjectDetail }>(`/api/projects/${pid}`),
        api.get<Queue>(`/api/projects/${pid}/queue/next`),
      ]);
      this.project = project;
      this.queue = queue;
      document.title = `${project.name} · Tagteam`;
      await this.loadDocuments();
    } catch (e) {
      this.fail(e);
    }
  }

  private async loadDocuments(): Promise<void> {
    try {
      const { documents } = await api.get<{ documents: DocumentSummary[] }>(`/api/projects/${encodeURIComponent(this.projectId)}/documents`);
      this.documents = documents;
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
    this.error = projectLoadMessage(e);
  }

  override render(): TemplateResult {
    if (this.error) return html`<section class="page"><p class="notice error" role="alert">${this.error} <a href="/">Back to your projects</a></p></section>`;
    const p = this.project;
    if (!p) return html`<section class="page"><p class="muted" aria-busy="true">Loading project…</p></section>`;
    return html`<div class="project-layout ${this.showGuidelines ? 'with-guidelines' : ''}">
      <section class="page" aria-labelledby="project-title">
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Projects</a> <span aria-hidden="true">▸</span></nav>
        <div class="title-row">
          <h1 id="project-title">${p.name}</h1>
          <button class="btn ghost" aria-expanded=${this.showGuidelines} aria-controls="guidelines-panel"
            @click=${() => (this.showGuidelines = !this.showGuidelines)}>${this.showGuidelines ? 'Hide guidelines' : 'Guidelines'}</button>
        </div>
        <p class="meta">
          <span class="pill">${p.mode === 'collaborative' ? 'Live: everyone edits one shared layer' : `Blind: ${p.overlap} annotators per document, layers hidden until review`}</span>
          <span class="pill role">you are ${p.role === 'reviewer' ? 'a reviewer' : `an ${p.role}`}</span>
        </p>
        ${this.reviewLinks(p)}
        ${this.queueCard()}
        <h2>Documents</h2>
        ${this.documents === null
          ? html`<p class="muted">Loading documents…</p>`
          : html`<tt-document-table .documents=${this.documents} .role=${p.role} .mode=${p.mode}></tt-document-table>`}
      </section>
      ${this.showGuidelines
        ? html`<tt-guidelines id="guidelines-panel" .markdown=${p.guidelines} @close=${() => (this.showGuidelines = false)}></tt-guidelines>`
        : nothing}
    </div>`;
  }

  /** Reviewers and owners: the review, agreement and export pages; annotators: their reviewed documents against gold. */
  private reviewLinks(p: ProjectDetail): TemplateResult | typeof nothing {
    if (p.role !== 'annotator') {
      return html`<p class="meta" aria-label="Review and export">${(['review', 'agreement', 'export'] as const).map((page) =>
        html`<a class="btn" href=${`${projectPath(p.id)}/${page}`}>${page === 'review' ? 'Review queue' : page === 'agreement' ? 'Agreement' : 'Export'}</a>`)}</p>`;
    }
    const done = (this.documents ?? []).filter((d) => d.status === 'done' && d.mineSubmitted);
    if (done.length === 0) return nothing;
    return html`<p class="meta">Reviewed: ${done.map((d) => html`<a href=${reviewPath(d.id)}>compare “${d.title}” with gold</a>`)}</p>`;
  }

  private queueCard(): TemplateResult {
    const q = this.queue;
    if (!q) return html``;
    if (!q.document) {
      return html`<div class="queue-card done" role="status"><p><strong>Your queue is empty.</strong>
        ${this.documents?.length === 0 ? 'No documents yet — an owner imports them.' : 'Every document assigned to you is submitted. Well done.'}</p></div>`;
    }
    return html`<div class="queue-card">
      <div>
        <p class="eyebrow">Up next · ${plural(q.remaining, 'document')} left</p>
        <p class="next-title">${q.document.title}</p>
      </div>
      <a class="btn primary big" href=${documentPath(q.document.id)}>Next document →</a>
    </div>`;
  }
}

customElements.define('tt-project-page', TtProjectPage);
