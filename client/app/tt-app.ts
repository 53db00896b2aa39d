// <tt-app>: the shell. Knows who is signed in, owns the app's one socket and the router, and
// shows the screen for the current route.
import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { UserInfo } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';
import { LightElement } from './light-element.ts';
import { RouterController } from './router.controller.ts';
import { ConnectionController } from './connection.controller.ts';
import { exposeForTests } from './test-hooks.ts';
import { initial } from './format.ts';
import './tt-sign-in.ts';
import '../projects/tt-project-list.ts';
import '../projects/tt-project-page.ts';
import '../annotate/tt-annotator.ts';
import '../review/tt-review-queue.ts';
import '../review/tt-adjudicate.ts';
import '../dashboard/tt-agreement-dashboard.ts';
import '../export/tt-export-page.ts';
import '../styles/base.css';

export class TtApp extends LightElement {
  static override properties = { user: { state: true }, loadError: { state: true } };
  /** undefined while asking the server who we are; null when signed out. */
  declare user: UserInfo | null | undefined;
  declare loadError: string | null;

  private readonly router = new RouterController(this);
  private readonly connection = new ConnectionController(this);

  constructor() {
    super();
    this.user = undefined;
    this.loadError = null;
    this.addEventListener('navigate', (e) => this.router.navigate((e as CustomEvent<string>).detail));
    this.addEventListener('signed-in', (e) => this.signedIn((e as CustomEvent<UserInfo>).detail));
    this.addEventListener('unauthenticated', () => this.signedOut());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.whoAmI();
  }

  private async whoAmI(): Promise<void> {
    try {
      const { user } = await api.get<{ user: UserInfo }>('/api/me');
      this.signedIn(user);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) this.user = null;
      else this.loadError = e instanceof ApiError ? e.userMessage : String(e);
    }
  }

  private signedIn(user: UserInfo): void {
    this.user = user;
    this.loadError = null;
    exposeForTests('socket', this.connection.open());
  }

  private signedOut(): void {
    this.connection.close();
    this.user = null;
  }

  private async signOut(): Promise<void> {
    try {
      await api.post('/api/logout');
    } finally {
      this.signedOut();
      this.router.navigate('/');
    }
  }

  override render(): TemplateResult {
    if (this.loadError) {
      return html`<main class="centered"><div class="notice error" role="alert">${this.loadError}
        <button class="btn" @click=${() => { this.loadError = null; void this.whoAmI(); }}>Try again</button></div></main>`;
    }
    if (this.user === undefined) return html`<main class="centered" aria-busy="true"><p class="muted">Loading…</p></main>`;
    if (this.user === null) return html`<tt-sign-in></tt-sign-in>`;
    const u = this.user;
    const socket = this.connection.socket;
    const refusal = this.connection.refusal;
    return html`
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="app-bar">
        <a class="brand" href="/">Tagteam</a>
        <nav aria-label="Main"><a href="/">Projects</a></nav>
        <span class="spacer"></span>
        <span class="me"><span class="avatar" style=${styleMap({ '--avatar': u.color })} aria-hidden="true">${initial(u.displayName)}</span>${u.displayName}</span>
        <button class="btn ghost" @click=${() => void this.signOut()}>Sign out</button>
      </header>
      ${refusal ? html`<div class="notice error banner" role="alert">${refusal}
          <button class="btn" @click=${() => this.signedOut()}>Sign in</button></div>` : nothing}
      <main id="main" tabindex="-1">${this.screen(u, socket)}</main>
    `;
  }

  private screen(user: UserInfo, socket: ReturnType<ConnectionController['open']> | null): TemplateResult {
    const r = this.router.route;
    switch (r.name) {
      case 'projects':
        return html`<tt-project-list .user=${user}></tt-project-list>`;
      case 'project':
        return html`<tt-project-page .projectId=${r.projectId} .user=${user}></tt-project-page>`;
      case 'document':
        return html`<tt-annotator .documentId=${r.documentId} .layerName=${r.layer} .user=${user} .socket=${socket}></tt-annotator>`;
      case 'project-page':
        if (r.page === 'review') return html`<tt-review-queue .projectId=${r.projectId}></tt-review-queue>`;
        if (r.page === 'agreement') return html`<tt-agreement-dashboard .projectId=${r.projectId}></tt-agreement-dashboard>`;
        return html`<tt-export-page .projectId=${r.projectId}></tt-export-page>`;
      case 'document-review':
        return html`<tt-adjudicate .documentId=${r.documentId} .user=${user} .socket=${socket}></tt-adjudicate>`;
      case 'not-found':
        return html`<section class="page"><h1>Page not found</h1><p>There is nothing at <code>${r.path}</code>. <a href="/">Go to your projects</a>.</p></section>`;
    }
  }
}

customElements.define('tt-app', TtApp);
declare global {
  interface HTMLElementTagNameMap {
    'tt-app': TtApp;
  }
}
