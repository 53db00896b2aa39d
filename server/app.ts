// Wires the whole server in one place: express app, socket.io hub, commit queue, layer registry,
// sessions, routes. Everything else receives what it needs as arguments.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.ts';
import { wireParser } from '../shared/wire-parser.ts';
import type { Store } from '../db/store.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { SocketIoBroadcaster } from './hub/broadcaster.ts';
import { CommitQueue } from './hub/commit-queue.ts';
import { LayerRegistry } from './hub/layer.registry.ts';
import { registerSyncHandlers, type SocketData } from './hub/sync.handlers.ts';
import { createReauthorize, type Reauthorize } from './hub/reauthorize.ts';
import type { LayerAccess } from './hub/access.ts';
import { createLayerAccess } from './auth/layer-access.ts';
import { Sessions } from './auth/sessions.ts';
import { createSocketAuth } from './auth/socket-auth.ts';
import { sameOrigin } from './auth/origin.ts';
import { LayerService } from './services/layers.service.ts';
import { authRoutes } from './http/auth.routes.ts';
import { projectRoutes } from './http/projects.routes.ts';
import { documentRoutes } from './http/documents.routes.ts';
import { reviewRoutes } from './http/review.routes.ts';
import { exportRoutes } from './http/export.routes.ts';
import { ReviewService } from './services/review.service.ts';
import { errorHandler, forbidden, notFound } from './http/errors.ts';

export interface AppOptions {
  store: Store;
  config: Config;
  /** Defaults to the real policy; hub-only tests and benchmarks pass an open one. */
  access?: LayerAccess;
  /** Let sockets without a session connect (only with an open access policy). */
  anonymousSockets?: boolean;
  log?: Logger;
}

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface App {
  httpServer: http.Server;
  io: Io;
  registry: LayerRegistry;
  commits: CommitQueue;
  layers: LayerService;
  reauthorize: Reauthorize;
  log: Logger;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, disconnects clients, commits what is queued. The store stays open. */
  close(): Promise<void>;
}

const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

export function createApp({ store, config, access = createLayerAccess(store), anonymousSockets = false, log = createLogger(config.logLevel) }: AppOptions): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: config.secureCookies,
    }),
  );
  const httpServer = http.createServer(app);
  const sessions = new Sessions(store.users, config.secureCookies);
  const socketAuth = createSocketAuth({
    sessions,
    anonymous: anonymousSockets,
    maxPending: config.maxPendingHandshakes,
    recheckMs: config.sessionRecheckMs,
    log,
  });
  const io: Io = new Server(httpServer, {
    serveClient: false,
    // The transport limit sits above the hub's own limit, so an oversized message gets a clear
    // `too_large` error instead of a closed socket; only absurd frames hit this one.
    maxHttpBufferSize: config.maxMessageBytes * 2,
    allowRequest: socketAuth.allowRequest,
    // A connection that never sends socket.io's connect is closed after 5 s, not 45.
    connectTimeout: 5000,
    // One binary websocket frame per `y` message (see shared/wire-parser.ts); clients must use
    // the same parser, which client/sync/socket.ts sets.
    parser: wireParser,
  });

  const commits = new CommitQueue(store.layers, log, config.commitDelayMs);
  const registry = new LayerRegistry(
    { broadcaster: new SocketIoBroadcaster(io, config.maxUnreadBytes, log), commits, store: store.layers, log, compactAfterUpdates: config.compactAfterUpdates },
    config.unloadAfterMs,
  );
  const reauthorize = createReauthorize(io, registry, access);
  const layers = new LayerService(store, registry, commits, reauthorize);
  const usernameOf = (socketId: string) => io.sockets.sockets.get(socketId)?.data.user?.username;

  // The socket handshake carries the same session cookie as HTTP; no session, no socket, so
  // nothing is ever buffered for an unauthenticated connection (see auth/socket-auth.ts).
  io.use(socketAuth.middleware);
  const stopWatching = socketAuth.watch(io);
  io.on('connection', (socket) => {
    socket.data.layers = new Map();
    registerSyncHandlers(socket, {
      registry,
      access,
      reauthorize,
      log,
      maxMessageBytes: config.maxMessageBytes,
      maxLayersPerSocket: 64,
      maxMessagesPerSec: config.maxMessagesPerSec,
      maxUnreadBytes: config.maxUnreadBytes,
    });
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, schemaVersion: store.schemaVersion });
  });
  const api = express.Router();
  api.use((req, _res, next) => (req.method === 'GET' || req.method === 'HEAD' || sameOrigin(req) ? next() : next(forbidden('cross-site request refused'))));
  api.use(express.json({ limit: '4mb' }));
  api.use('/', authRoutes(store, sessions, { loginLimit: config.loginLimit, loginWindowMs: config.loginWindowMs }));
  api.use('/projects/:pid/export', exportRoutes(store, sessions, log));
  api.use('/projects', projectRoutes({ store, sessions, layers, reauthorize, usernameOf, maxImportBytes: config.maxImportBytes }));
  api.use('/documents', documentRoutes(store, sessions, layers));
  const review = reviewRoutes(store, sessions, new ReviewService(store));
  api.use('/projects', review.projects);
  api.use('/documents', review.documents);
  api.use((_req, _res, next) => next(notFound('no such API route')));
  api.use(errorHandler(log));
  app.use('/api', api);

  if (existsSync(CLIENT_DIR)) {
    app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
    // The client routes in the browser: every other GET gets the app shell.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile('index.html', { root: CLIENT_DIR, maxAge: 0 }));
  }

  return {
    httpServer,
    io,
    registry,
    commits,
    layers,
    reauthorize,
    log,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve(httpServer.address() as AddressInfo));
      });
    },
    async close() {
      stopWatching();
      await new Promise<void>((resolve) => {
        io.close(() => resolve()); // closes the http server too, after disconnecting every socket
      });
      await commits.drain();
      await registry.closeAll();
    },
  };
}
