// Real socket.io clients for tests: the product's SyncProvider, and raw sockets for hostile frames.
import * as Y from 'yjs';
import { SyncProvider } from '../../client/sync/provider.ts';
import { connectSocket, type ClientSocket } from '../../client/sync/socket.ts';

export function connect(url: string, opts: { autoConnect?: boolean; headers?: Record<string, string> } = {}): ClientSocket {
  return connectSocket(url, {
    forceNew: true,
    reconnectionDelay: 20,
    reconnectionDelayMax: 200,
    autoConnect: opts.autoConnect ?? true,
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
  });
}

export interface TestClient {
  socket: ClientSocket;
  provider: SyncProvider;
  doc: Y.Doc;
  close(): void;
}

export function openLayer(url: string, layer: string, opts: { headers?: Record<string, string>; doc?: Y.Doc } = {}): TestClient {
  const socket = connect(url, opts.headers ? { headers: opts.headers } : {});
  const provider = new SyncProvider(socket, layer, opts.doc ?? new Y.Doc());
  return {
    socket,
    provider,
    get doc() {
      return provider.doc;
    },
    close() {
      provider.destroy();
      socket.disconnect();
    },
  };
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Emits with an ack and resolves with the ack's argument. */
export function emitAck<T>(socket: ClientSocket, event: 'join' | 'leave' | 'y', ...args: unknown[]): Promise<T> {
  return new Promise((resolve) => {
    (socket.emit as (...a: unknown[]) => void)(event, ...args, (res: T) => resolve(res));
  });
}

export { rng } from './rng.ts';
