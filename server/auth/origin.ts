// Cross-site refusal: a browser request that names an Origin must come from this server's own
// host. Requests without an Origin (same-origin GETs, non-browser clients) pass.
import type { IncomingMessage } from 'node:http';

export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
