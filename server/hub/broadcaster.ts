// How a live layer reaches its clients. The socket.io implementation uses rooms named after the
// layer; a cross-node transport (e.g. the socket.io Redis adapter) plugs in below this interface.
import type { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { LayerName } from '../../shared/ids.ts';

export interface Broadcaster {
  /** Sends to every client of the layer except the listed socket ids. */
  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void;
  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void;
}

export class SocketIoBroadcaster implements Broadcaster {
  constructor(private readonly io: Server<ClientToServerEvents, ServerToClientEvents>) {}

  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void {
    const room = this.io.to(layer);
    (except.length > 0 ? room.except([...except]) : room).emit('y', layer, payload);
  }

  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void {
    this.io.to(socketId).emit('y', layer, payload);
  }
}
