// Wires the whole server in one place: express app, socket.io hub, commit queue, layer registry.
// Everything else receives what it needs as arguments.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.ts';
import type { Store } from '../db/store.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { SocketIoBroadcaster } from './hub/broadcaster.ts';
import { CommitQueue } from './hub/commit-queue.ts';
import { LayerRegistry } from './hub/layer.registry.ts';
import { registerSyncHandlers, type SocketData } from './hub/sync.handlers.ts';
import type { LayerAccess } from './hub/access.ts';

export interface AppOptions {
  store: Store;
  config: Config;
  access: LayerAccess;
  log?: Logger;
}

export interface App {
  httpServer: http.Server;
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  registry: LayerRegistry;
  commits: CommitQueue;
  log: Logger;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, disconnects clients, commits what is queued. The store stays open. */
  close(): Promise<void>;
}

export function createApp({ store, config, access, log = createLogger(config.logLevel) }: AppOptions): App {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, schemaVersion: store.schemaVersion });
  });

  const httpServer = http.createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    // The transport limit sits above the hub's own limit, so an oversized message gets a clear
    // `too_large` error instead of a closed socket; only absurd frames hit this one.
    maxHttpBufferSize: config.maxMessageBytes * 2,
  });

  const commits = new CommitQueue(store.layers, log, config.commitDelayMs);
  const registry = new LayerRegistry(
    {
      broadcaster: new SocketIoBroadcaster(io),
      commits,
      store: store.layers,
      log,
      compactAfterUpdates: config.compactAfterUpdates,
    },
    config.unloadAfterMs,
  );

  io.on('connection', (socket) => {
    socket.data.user ??= null;
    socket.data.layers = new Map();
    registerSyncHandlers(socket, { registry, access, log, maxMessageBytes: config.maxMessageBytes, maxLayersPerSocket: 64 });
  });

  return {
    httpServer,
    io,
    registry,
    commits,
    log,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve(httpServer.address() as AddressInfo));
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        io.close(() => resolve()); // closes the http server too, after disconnecting every socket
      });
      await commits.drain();
      await registry.closeAll();
    },
  };
}
