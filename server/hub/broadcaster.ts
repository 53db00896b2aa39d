// How a live layer reaches its clients. The socket.io implementation uses rooms named after the
// layer; a cross-node transport (e.g. Redis pub/sub) is another implementation of this interface.
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { LayerName } from '../../shared/ids.ts';
import { encodeYFrame } from '../../shared/wire-parser.ts';
import type { Logger } from '../logger.ts';
import { unreadBytes } from './flow-control.ts';

export interface Broadcaster {
  /** Sends to every client of the layer except the listed socket ids. */
  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void;
  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void;
}

/** What engine.io needs to write a packet whose websocket frame is already built. */
interface PreEncodedWrite {
  preEncoded: true;
  /** [frame header, payload]: engine.io hands it to ws' sendFrame as is (one corked writev). */
  wsPreEncodedFrame: [Buffer, Buffer];
}
/** socket.io's per-connection writer (`Client#_packet`), as its own broadcast path uses it. */
interface EngineWriter {
  _packet(encoded: Buffer[], opts: PreEncodedWrite): void;
}

/** A server-to-client websocket binary frame header (FIN, opcode 2, never masked). */
function wsBinaryHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x82, length]);
  const h = Buffer.allocUnsafe(length < 65536 ? 4 : 10);
  h[0] = 0x82;
  if (length < 65536) {
    h[1] = 126;
    h.writeUInt16BE(length, 2);
  } else {
    h[1] = 127;
    h.writeBigUInt64BE(BigInt(length), 2);
  }
  return h;
}

/** The `y` packet (see shared/wire-parser.ts) and its websocket frame, built once. */
function preEncoded(layer: LayerName, payload: Uint8Array): PreEncodedWrite {
  const frame = encodeYFrame(layer, payload);
  const data = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  return { preEncoded: true, wsPreEncodedFrame: [wsBinaryHeader(data.length), data] };
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
   * Writes the same pre-built buffers to every recipient. socket.io's own broadcast pre-frames only
   * text packets, so a binary one was framed again per recipient; this takes the same engine.io
   * path (`wsPreEncodedFrame`) for ours. A polling transport ignores the frame and sends the packet.
   */
  broadcast(layer: LayerName, payload: Uint8Array, except: readonly string[]): void {
    const nsp = this.io.sockets;
    let opts: PreEncodedWrite | null = null;
    for (const id of nsp.adapter.rooms.get(layer) ?? []) {
      if (except.includes(id)) continue;
      const socket = nsp.sockets.get(id);
      if (!socket || !this.keeping(socket)) continue;
      opts ??= preEncoded(layer, payload);
      (socket.client as unknown as EngineWriter)._packet([opts.wsPreEncodedFrame[1]], opts);
    }
  }

  sendTo(socketId: string, layer: LayerName, payload: Uint8Array): void {
    const socket = this.io.sockets.sockets.get(socketId);
    if (socket && this.keeping(socket)) socket.emit('y', layer, payload);
  }
}
