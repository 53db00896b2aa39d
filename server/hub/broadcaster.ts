// How a live layer reaches its clients. The socket.io implementation uses rooms named after the
// layer; a cross-node transport (e.g. Redis pub/sub) is another implementation of this interface.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, WireError } from '../../shared/protocol.ts';
import type { LayerName } from '../../shared/ids.ts';
import type { Logger } from '../logger.ts';
import { YBroadcastFrame, unreadBytes } from './engine-write.ts';

export interface Broadcaster {
  /** Sends to every client of the layer except the listed socket ids. */
  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void;
  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void;
  /** Sends a `layer-error` to every client of the layer except the listed socket ids. */
  broadcastError(layer: LayerName, error: WireError, except: readonly string[]): void;
}

export class SocketIoBroadcaster implements Broadcaster {
  constructor(
    private readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    /** A recipient with more unread than this is dropped (it resyncs on reconnect) instead of buffered for. */
    private readonly maxUnreadBytes: number,
    private readonly log: Logger,
  ) {}

  private readonly dropping = new WeakSet<Socket>();

  /** False, and the socket is disconnected after this loop turn, when it stopped reading. */
  private keeping(socket: Socket): boolean {
    if (unreadBytes(socket) <= this.maxUnreadBytes) return true;
    if (this.dropping.has(socket)) return false;
    this.dropping.add(socket);
    this.log.warn({ socket: socket.id }, 'socket disconnected: it stopped reading what the layer sends');
    setImmediate(() => socket.disconnect(true));
    return false;
  }

  /**
   * Writes the same pre-built frame to every recipient. socket.io's own broadcast pre-frames only
   * text packets, so a binary one was framed again per recipient; this builds it once (see
   * engine-write.ts).
   */
  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void {
    const nsp = this.io.sockets;
    let frame: YBroadcastFrame | null = null;
    for (const id of nsp.adapter.rooms.get(layer) ?? []) {
      if (except.includes(id)) continue;
      const socket = nsp.sockets.get(id);
      if (!socket || !this.keeping(socket)) continue;
      (frame ??= new YBroadcastFrame(layer, payload)).sendTo(socket);
    }
  }

  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void {
    const socket = this.io.sockets.sockets.get(socketId);
    if (socket && this.keeping(socket)) socket.emit('y', layer, payload);
  }

  broadcastError(layer: LayerName, error: WireError, except: readonly string[]): void {
    this.io.to(layer).except([...except]).emit('layer-error', layer, error);
  }
}
