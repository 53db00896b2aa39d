// <tt-sign-in>: username and password; errors (wrong password, rate limited, server unreachable)
// are shown in words next to the form. Emits `signed-in` with the user.
import { html, nothing, type TemplateResult } from 'lit';
import type { UserInfo } from '../../shared/api.ts';
import { api, ApiError } from '../api/http.ts';
import { LightElement } from './light-element.ts';

export class TtSignIn extends LightElement {
  static override properties = { error: { state: true }, busy: { state: true } };
  declare error: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.error = null;
    this.busy = false;
  }

  override firstUpdated(): void {
    document.title = 'Sign in · Tagteam';
    this.querySelector<HTMLInputElement>('#username')?.focus();
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!username || !password) {
      this.error = 'Enter your username and password.';
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const { user } = await api.post<{ user: UserInfo }>('/api/login', { username, password });
      this.emit('signed-in', user);
    } catch (err) {
      this.error = messageFor(err);
      this.busy = false;
      await this.updateComplete;
      this.querySelector<HTMLInputElement>('#password')?.select();
    }
  }

  override render(): TemplateResult {
    return html`
      <main class="sign-in" id="main">
        <form class="card" @submit=${(e: SubmitEvent) => void this.submit(e)} aria-describedby=${this.error ? 'sign-in-error' : nothing}>
          <h1><span class="brand">Tagteam</span> <span class="sub">Sign in</span></h1>
          <p class="muted">Annotate articles together: entities, relations and document labels.</p>
          <label for="username">Username</label>
          <input id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" required />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          ${this.error ? html`<p id="sign-in-error" class="notice error" role="alert">${this.error}</p>` : nothing}
          <button class="btn primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button>
        </form>
      </main>
    `;
  }
}

function messageFor(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Try again.';
  if (err.status === 401) return 'Wrong username or password. Check both and try again.';
  if (err.status === 429) return 'Too many sign-in attempts from this computer. Wait a few minutes, then try again.';
  return err.userMessage;
}

customElements.define('tt-sign-in', TtSignIn);
