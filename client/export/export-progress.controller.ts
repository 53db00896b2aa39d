// Follows one export download: the browser streams the file to disk from a plain link, and this
// polls /export/progress/<token> (about twice a second) until the server says done or failed.
// Until the request reaches the server the token is unknown (404): that is "starting", for a while.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { api, ApiError } from '../api/http.ts';
import type { ExportProgressState } from './export-api.ts';

const EVERY_MS = 500;
const START_TIMEOUT_MS = 20_000;

export type DownloadState =
  | { phase: 'idle' }
  | { phase: 'starting'; since: number }
  | { phase: 'running' | 'done' | 'failed'; progress: ExportProgressState }
  | { phase: 'lost'; message: string };

export class ExportProgressController implements ReactiveController {
  state: DownloadState = { phase: 'idle' };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private url = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts following the download of `progressUrl` (the route of its token). */
  follow(progressUrl: string): void {
    this.stop();
    this.url = progressUrl;
    this.state = { phase: 'starting', since: Date.now() };
    this.host.requestUpdate();
    this.timer = setTimeout(() => void this.poll(), EVERY_MS / 2);
  }

  reset(): void {
    this.stop();
    this.state = { phase: 'idle' };
    this.host.requestUpdate();
  }

  private async poll(): Promise<void> {
    this.timer = null;
    const url = this.url;
    try {
      const p = await api.get<ExportProgressState>(url);
      if (url !== this.url) return;
      this.state = { phase: p.state, progress: p };
    } catch (e) {
      if (url !== this.url) return;
      const since = this.state.phase === 'starting' ? this.state.since : null;
      const starting = since !== null;
      if (e instanceof ApiError && e.status === 404 && since !== null && Date.now() - since < START_TIMEOUT_MS) {
        // Not registered yet: the browser has not reached the server with the download.
      } else if (!(e instanceof ApiError) || e.status === 0) {
        // A network blip: keep the last known state and ask again.
      } else {
        this.state = { phase: 'lost', message: starting ? 'The download did not start. Check the browser’s downloads, then try again.' : e.userMessage };
      }
    }
    this.host.requestUpdate();
    if (this.state.phase === 'starting' || this.state.phase === 'running') this.timer = setTimeout(() => void this.poll(), EVERY_MS);
  }

  private stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.url = '';
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
