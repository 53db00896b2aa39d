// Client-side routing with the History API: follows popstate (the back button) and turns clicks
// on same-origin links into pushState navigations, so every screen has a real, shareable URL.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseRoute, type Route } from './routes.ts';

export class RouterController implements ReactiveController {
  route: Route = parseRoute(location.pathname, location.search);

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onPopState);
    this.host.addEventListener('click', this.onClick);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onPopState);
    this.host.removeEventListener('click', this.onClick);
  }

  navigate(url: string, opts: { replace?: boolean } = {}): void {
    if (url === location.pathname + location.search) return;
    if (opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.update();
  }

  private update(): void {
    this.route = parseRoute(location.pathname, location.search);
    this.host.requestUpdate();
    // A new screen starts at its top, as a full page load would.
    window.scrollTo(0, 0);
  }

  private readonly onPopState = () => this.update();

  private readonly onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a[href]');
    if (!(a instanceof HTMLAnchorElement) || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    this.navigate(url.pathname + url.search);
  };
}
