// The one way to open a socket to the sync hub, for the browser UI, Node tests and benchmarks.
// The hub speaks its own socket.io parser (shared/wire-parser.ts: a `y` message is one binary
// websocket frame), so a socket made with the default parser cannot read `y` messages.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import { Encoder, wireParser } from '../../shared/wire-parser.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketOpts = Partial<ManagerOptions & SocketOptions>;

/**
 * Opens a socket.io connection (same origin when `url` is omitted) over websocket only, with the
 * hub's parser. `opts` may add anything else (reconnection timing, headers in Node…); `parser`
 * and `transports` are fixed.
 */
export function connectSocket(url?: string, opts: SocketOpts = {}): ClientSocket {
  const options: SocketOpts = { ...opts, transports: ['websocket'], parser: wireParser };
  return (url === undefined ? io(options) : io(url, options)) as ClientSocket;
}

/** True when the socket was made with the hub's parser (the provider refuses any other). */
export function usesWireParser(socket: ClientSocket): boolean {
  return (socket.io as unknown as { encoder?: unknown }).encoder instanceof Encoder;
}
