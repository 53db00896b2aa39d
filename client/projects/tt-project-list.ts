// <tt-project-list>: the projects the user belongs to, with progress; an empty state that says
// what to do next.
import { html, nothing, type TemplateResult } from 'lit';
import type { ProjectSummary, UserInfo } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';
import { LightElement } from '../app/light-element.ts';
import { plural } from '../app/format.ts';
import { projectPath } from '../app/routes.ts';

export class TtProjectList extends LightElement {
  static override properties = { user: { attribute: false }, projects: { state: true }, error: { state: true } };
  declare user: UserInfo;
  declare projects: ProjectSummary[] | null;
  declare error: string | null;

  constructor() {
    super();
    this.projects = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Projects · Tagteam';
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.projects = (await api.get<{ projects: ProjectSummary[] }>('/api/projects')).projects;
      this.error = null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return this.emit('unauthenticated', null);
      this.error = e instanceof ApiError ? e.userMessage : String(e);
    }
  }

  override render(): TemplateResult {
    return html`<section class="page">
      <h1>Projects</h1>
      ${this.error ? html`<p class="notice error" role="alert">${this.error} <button class="btn" @click=${() => void this.load()}>Try again</button></p>` : nothing}
      ${this.projects === null && !this.error ? html`<p class="muted" aria-busy="true">Loading projects…</p>` : nothing}
      ${this.projects?.length === 0 ? this.empty() : nothing}
      ${this.projects && this.projects.length > 0
        ? html`<ul class="project-grid" role="list">${this.projects.map((p) => this.card(p))}</ul>`
        : nothing}
    </section>`;
  }

  private empty(): TemplateResult {
    return html`<div class="empty">
      <p><strong>You are not in any project yet.</strong></p>
      <p>Ask a project owner to add you as a member — your username is <code>${this.user.username}</code>.
        ${this.user.isAdmin ? html`As an admin you can create a project with <code>POST /api/projects</code>.` : nothing}</p>
    </div>`;
  }

  private card(p: ProjectSummary): TemplateResult {
    const pct = p.documents === 0 ? 0 : Math.round((100 * p.done) / p.documents);
    return html`<li class="project-card">
      <a href=${projectPath(p.id)}><h2>${p.name}</h2></a>
      <p class="meta">
        <span class="pill">${p.mode === 'collaborative' ? 'live, shared layer' : `blind, ${p.overlap} per document`}</span>
        <span class="pill role">${p.role}</span>
      </p>
      <p class="progress-line">${p.documents === 0 ? 'No documents yet' : `${p.done} of ${plural(p.documents, 'document')} done`}</p>
      <progress max=${Math.max(1, p.documents)} .value=${p.done} aria-label="${pct}% of documents done"></progress>
    </li>`;
  }
}

customElements.define('tt-project-list', TtProjectList);
