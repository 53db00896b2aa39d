// Who may open a live socket, and for how long. Before the websocket exists: the origin check and
// admission control (a cap on handshakes in progress, so a reconnect storm is shed cheaply and
// clients retry with backoff). At socket.io's connect: the session cookie, the same as for HTTP;
// a socket without one gets `unauthenticated` and its connection is closed at once, so nothing is
// buffered or held for it. After: a signed-out session closes its sockets at once, and every live
// socket's session is re-checked periodically (a password set from the CLI, expiry).
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { Logger } from '../logger.ts';
import { sameOrigin } from './origin.ts';
import type { Sessions } from './sessions.ts';
import type { SocketData } from '../hub/sync.handlers.ts';

export interface SocketAuthOptions {
  sessions: Sessions;
  /** Let sockets without a session connect (hub-only tests and benchmarks, with open access). */
  anonymous: boolean;
  /** Handshakes admitted but not yet through the session check; more are refused as busy. */
  maxPending: number;
  recheckMs: number;
  log: Logger;
}

type AllowRequest = (req: IncomingMessage, cb: (err: string | null | undefined, ok: boolean) => void) => void;
type Middleware = (socket: Socket, next: (err?: Error) => void) => void;

const SLOT = Symbol('handshake slot');
type Admitted = IncomingMessage & { [SLOT]?: () => void };

export interface SocketAuth {
  allowRequest: AllowRequest;
  middleware: Middleware;
  /** Starts closing sockets of signed-out sessions; returns the stop function. */
  watch(io: Server): () => void;
  /** Handshakes in progress (admitted, session not checked yet). */
  readonly pending: number;
}

export function createSocketAuth({ sessions, anonymous, maxPending, recheckMs, log }: SocketAuthOptions): SocketAuth {
  let pending = 0;
  let refusedBusy = 0;

  const allowRequest: AllowRequest = (req, cb) => {
    if (!sameOrigin(req)) return cb('cross-site handshake refused', false);
    if (pending >= maxPending) {
      if (refusedBusy++ % 1000 === 0) log.warn({ pending, refused: refusedBusy }, 'socket handshakes refused: too many in progress');
      return cb('server busy: retry shortly', false);
    }
    pending++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      pending--;
    };
    (req as Admitted)[SLOT] = release;
    // A handshake that never reaches the session check (upgrade failed, client gone) frees its slot too.
    req.socket.once('close', release);
    cb(null, true);
  };

  const refuse = (socket: Socket, next: (err?: Error) => void, message: string) => {
    next(new Error(message));
    // socket.io sends the refusal on the next tick; the engine connection closes once it is written.
    setImmediate(() => socket.conn.close());
  };

  const middleware: Middleware = (socket, next) => {
    const req = socket.request as Admitted;
    const release = () => req[SLOT]?.();
    sessions.sessionFor(req).then(
      (s) => {
        release();
        if (!s && !anonymous) return refuse(socket, next, 'unauthenticated');
        const data = socket.data as SocketData;
        data.user = s?.user ?? null;
        data.session = s?.key ?? null;
        next();
      },
      (err: unknown) => {
        release();
        log.error({ err }, 'session lookup failed during a socket handshake');
        refuse(socket, next, 'unavailable');
      },
    );
  };

  const close = (io: Server, dead: (key: string) => boolean, why: string) => {
    for (const socket of io.sockets.sockets.values()) {
      const key = (socket.data as SocketData).session;
      if (key && dead(key)) {
        log.info({ user: (socket.data as SocketData).user?.username }, why);
        socket.disconnect(true);
      }
    }
  };

  const watch = (io: Server) => {
    sessions.onEnded = (key) => close(io, (k) => k === key, 'socket closed: its session was signed out');
    let running = false;
    if (recheckMs <= 0) return () => (sessions.onEnded = () => undefined);
    const timer = setInterval(() => {
      if (running) return;
      const keys = new Set<string>();
      for (const socket of io.sockets.sockets.values()) {
        const key = (socket.data as SocketData).session;
        if (key) keys.add(key);
      }
      if (keys.size === 0) return;
      running = true;
      sessions
        .live([...keys])
        .then((live) => close(io, (k) => keys.has(k) && !live.has(k), 'socket closed: its session ended'))
        .catch((err: unknown) => log.error({ err }, 'session re-check failed'))
        .finally(() => (running = false));
    }, recheckMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      sessions.onEnded = () => undefined;
    };
  };

  return {
    allowRequest,
    middleware,
    watch,
    get pending() {
      return pending;
    },
  };
}
