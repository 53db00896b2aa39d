// <tt-export-page>: a project's dataset export (/projects/:pid/export; reviewers and owners). Choose
// a format (its offset unit and what it carries shown), which sets, and filters; a preview counts
// what the file will hold; Download streams the file through a plain link while a progress bar
// follows it (ExportProgressController), ending with a summary or the reason it failed.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProjectDetail } from '../../shared/api.ts';
import { api, ApiError, projectLoadMessage } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { projectPath } from '../app/routes.ts';
import { projectTabs } from '../review/project-tabs.ts';
import { exportQuery, progressToken, type ExportChoice, type ExportCounts, type ExportFormat } from './export-api.ts';
import { ExportProgressController } from './export-progress.controller.ts';
import { exportForm } from './export-form.ts';
import './tt-export-progress.ts';
import './export.css';
import '../review/review.css';

const PREVIEW_DELAY_MS = 250;

export class TtExportPage extends LightElement {
  static override properties = {
    projectId: { attribute: false },
    project: { state: true },
    formats: { state: true },
    choice: { state: true },
    preview: { state: true },
    previewError: { state: true },
    error: { state: true },
    forbidden: { state: true },
  };
  declare projectId: string;
  declare project: ProjectDetail | null;
  declare formats: ExportFormat[];
  declare choice: ExportChoice;
  declare preview: ExportCounts | null;
  declare previewError: string | null;
  declare error: string | null;
  declare forbidden: boolean;
  readonly download = new ExportProgressController(this);
  private previewTimer: ReturnType<typeof setTimeout> | null = null;
  private previewSeq = 0;

  constructor() {
    super();
    this.project = null;
    this.formats = [];
    this.choice = { format: 'tagteam-jsonl', sets: 'gold', status: [], labels: [], versions: 'latest', scheme: 'iob2', tags: 'strings', comments: false, protectFormulas: false };
    this.preview = null;
    this.previewError = null;
    this.error = null;
    this.forbidden = false;
  }

  private get base(): string {
    return `/api/projects/${encodeURIComponent(this.projectId)}/export`;
  }

  get format(): ExportFormat | undefined {
    return this.formats.find((f) => f.id === this.choice.format);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('projectId')) void this.load();
  }

  private async load(): Promise<void> {
    this.error = null;
    this.forbidden = false;
    try {
      const [{ project }, { formats }] = await Promise.all([
        api.get<{ project: ProjectDetail }>(`/api/projects/${encodeURIComponent(this.projectId)}`),
        api.get<{ formats: ExportFormat[] }>(`${this.base}/formats`),
      ]);
      if (project.role === 'annotator') {
        this.forbidden = true;
        return;
      }
      this.project = project;
      this.formats = formats;
      document.title = `Export · ${project.name} · Tagteam`;
      this.refreshPreview(0);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
      this.error = projectLoadMessage(e);
    }
  }

  /** Changes part of the selection; the preview follows shortly after (one request per pause). */
  choose(patch: Partial<ExportChoice>): void {
    this.choice = { ...this.choice, ...patch };
    if (this.download.state.phase !== 'starting' && this.download.state.phase !== 'running') this.download.reset();
    this.refreshPreview(PREVIEW_DELAY_MS);
  }

  private refreshPreview(delay: number): void {
    if (this.previewTimer !== null) clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => void this.loadPreview(), delay);
  }

  private async loadPreview(): Promise<void> {
    this.previewTimer = null;
    const seq = ++this.previewSeq;
    try {
      const counts = await api.get<ExportCounts>(`${this.base}/preview?${exportQuery(this.choice, this.format)}`);
      if (seq !== this.previewSeq) return;
      this.preview = counts;
      this.previewError = null;
    } catch (e) {
      if (seq !== this.previewSeq) return;
      this.preview = null;
      this.previewError = e instanceof ApiError ? e.userMessage : String(e);
    }
  }

  /** Starts the download as a plain link (the browser streams it to disk) and follows its progress. */
  startDownload(): void {
    const token = progressToken();
    const a = document.createElement('a');
    a.href = `${this.base}?${exportQuery(this.choice, this.format, token)}`;
    a.download = '';
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    this.download.follow(`${this.base}/progress/${token}`);
  }

  override render(): TemplateResult {
    if (this.error) return html`<section class="page"><p class="notice error" role="alert">${this.error} <a href="/">Back to your projects</a></p></section>`;
    if (this.forbidden) {
      return html`<section class="page not-allowed"><h1>Not allowed</h1><p class="notice error" role="alert">Only reviewers and owners of this project export its annotations.</p>
        <p><a href=${projectPath(this.projectId)}>Back to the project</a></p></section>`;
    }
    const p = this.project;
    if (!p) return html`<section class="page"><p class="muted" aria-busy="true">Loading export options…</p></section>`;
    const busy = this.download.state.phase === 'starting' || this.download.state.phase === 'running';
    const empty = this.preview !== null && this.preview.documents === 0;
    return html`<section class="page export-page" aria-labelledby="ex-title">
      ${projectTabs(p, 'export')}
      <h1 id="ex-title">Export</h1>
      <p class="muted">Exports read finished sets only (submitted layers), never work in progress.</p>
      ${exportForm(this, p)}
      <div class="export-go">
        <p class="preview" role="status" aria-live="polite" data-documents=${this.preview?.documents ?? ''}>${this.previewText()}</p>
        <button class="btn primary big" ?disabled=${busy || empty || this.previewError !== null || !this.format} @click=${() => this.startDownload()}>
          ${busy ? 'Downloading…' : `Download ${this.format ? `.${this.format.extension}` : ''}`}</button>
      </div>
      ${empty ? html`<p class="empty">Nothing matches this selection. ${this.choice.sets === 'gold' ? 'Gold sets exist once a reviewer submits gold for a document; choose "Annotators" to export their finished sets instead.' : 'Loosen the status or label filters.'}</p>` : nothing}
      <tt-export-progress .state=${this.download.state}></tt-export-progress>
    </section>`;
  }

  private previewText(): TemplateResult | string {
    if (this.previewError) return html`<span class="error-text">${this.previewError}</span>`;
    const c = this.preview;
    if (!c) return 'Counting…';
    return html`This file will hold <strong>${c.documents.toLocaleString()}</strong> ${c.documents === 1 ? 'document' : 'documents'},
      <strong>${c.sets.toLocaleString()}</strong> annotation ${c.sets === 1 ? 'set' : 'sets'} and <strong>${c.spans.toLocaleString()}</strong> ${c.spans === 1 ? 'span' : 'spans'}.`;
  }
}

customElements.define('tt-export-page', TtExportPage);
