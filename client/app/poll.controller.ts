// Re-runs a refresh while its host is on screen and the tab is visible (e.g. who is working on
// which document right now), and once more when the tab becomes visible again.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PollController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: () => void,
    private readonly everyMs: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') this.refresh();
    }, this.everyMs);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  hostDisconnected(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') this.refresh();
  };
}
