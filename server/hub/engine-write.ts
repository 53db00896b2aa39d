// Writing to a socket.io connection below socket.io, where the hot path needs it. Everything that
// touches engine.io's or ws' internals lives here (socket.io's own broadcast reaches them the same
// way: `wsPreEncodedFrame`, `ws._sender.sendFrame`).
// Why: a `y` update is written to every member of its layer and acknowledged to its sender.
// Through socket.io each of those writes costs a packet object, an encoding, three engine.io
// events and a drain callback; here a fan-out frame is built once and written as one buffer per
// recipient, and an ack is one small text frame (`npm run bench -- fanout-1000`, see README).
// Order is kept: a direct write happens only when engine.io holds nothing queued for the
// connection, so it can never overtake a packet socket.io sent before it.
import type { Socket } from 'socket.io';
import type { Ack } from '../../shared/protocol.ts';
import { yFrameHead } from '../../shared/wire-parser.ts';

/** The engine.io connection under a socket.io socket, as far as this module needs it. */
interface EngineConn {
  readyState: string;
  upgrading: boolean;
  writeBuffer: Array<{ data?: unknown }>;
  transport: {
    name: string;
    /** Deflate, for one, compresses through a queue a direct write would overtake. */
    opts?: { perMessageDeflate?: unknown };
    /** engine.io's websocket transport keeps the `ws` connection as `socket`. */
    socket?: { readyState: number; bufferedAmount?: number; _sender?: { sendFrame(list: Buffer[]): void } };
  };
  /** engine.io's public write: queues one `message` packet. */
  write(data: string): void;
}
/** What engine.io needs to write a packet whose websocket frame is already built. */
interface PreEncodedWrite {
  preEncoded: true;
  /** [the whole frame]: engine.io hands it to ws' sendFrame as is (one write). */
  wsPreEncodedFrame: [Buffer];
}
/** socket.io's per-connection writer (`Client#_packet`), as its own broadcast path uses it. */
interface EngineWriter {
  _packet(encoded: Buffer[], opts: PreEncodedWrite): void;
}

const connOf = (socket: Socket) => socket.conn as unknown as EngineConn;
const OPCODE_TEXT = 0x81;
const OPCODE_BINARY = 0x82;

/**
 * A whole server-to-client websocket frame (FIN set, never masked) whose body is `parts` one after
 * the other: one buffer, each part copied once.
 */
function wsFrame(opcode: number, ...parts: Uint8Array[]): Buffer {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const f = Buffer.allocUnsafe(head + n);
  f[0] = opcode;
  if (n < 126) f[1] = n;
  else if (n < 65536) {
    f[1] = 126;
    f.writeUInt16BE(n, 2);
  } else {
    f[1] = 127;
    f.writeBigUInt64BE(BigInt(n), 2);
  }
  let at = head;
  for (const p of parts) {
    f.set(p, at);
    at += p.byteLength;
  }
  return f;
}

/**
 * The connection's websocket writer when a frame may go straight to it: engine.io holds nothing
 * for the connection (nothing buffered, no upgrade under way, an open websocket without deflate:
 * the conditions under which engine.io itself writes a pre-encoded frame as is); null otherwise,
 * and the caller then goes through engine.io's queue.
 */
function directWriter(conn: EngineConn): { sendFrame(list: Buffer[]): void } | null {
  const ws = conn.transport.socket;
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length > 0 || conn.transport.name !== 'websocket') return null;
  if (conn.transport.opts?.perMessageDeflate || ws?.readyState !== 1) return null;
  return ws._sender ?? null;
}

/** A `y` message (see shared/wire-parser.ts) built once for many recipients. */
export class YBroadcastFrame {
  private readonly frame: Buffer;
  private readonly opts: PreEncodedWrite;
  private readonly packet: Buffer;

  constructor(layer: string, payload: Uint8Array) {
    const head = yFrameHead(layer);
    this.frame = wsFrame(OPCODE_BINARY, head, payload);
    // The packet without its websocket header, for engine.io (a polling transport sends this).
    this.packet = this.frame.subarray(this.frame.length - head.byteLength - payload.byteLength);
    this.opts = { preEncoded: true, wsPreEncodedFrame: [this.frame] };
  }

  sendTo(socket: Socket): void {
    const direct = directWriter(connOf(socket));
    if (direct) direct.sendFrame([this.frame]);
    else (socket.client as unknown as EngineWriter)._packet([this.packet], this.opts);
  }
}

/**
 * Answers a client's `y` event that asked for an acknowledgement (socket.io ack packet `3<id>[…]`
 * of the main namespace, as socket.io would encode it).
 */
export function sendAck<T>(socket: Socket, id: number, res: Ack<T>): void {
  const conn = connOf(socket);
  const text = `3${id}${JSON.stringify([res])}`;
  const direct = directWriter(conn);
  if (direct) direct.sendFrame([wsFrame(OPCODE_TEXT, Buffer.from(`4${text}`))]);
  else if (conn.readyState === 'open') conn.write(text);
}

const sizeOf = (d: unknown): number =>
  typeof d === 'string' ? d.length : d instanceof Uint8Array || d instanceof ArrayBuffer ? d.byteLength : 0;

/**
 * Bytes queued for a connection that its client has not taken yet: engine.io's write buffer
 * (packets waiting while the transport is busy) plus what the websocket holds in user space.
 */
export function unreadBytes(socket: Socket): number {
  const conn = connOf(socket);
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  const buffered = conn.writeBuffer;
  if (buffered) for (const p of buffered) n += sizeOf(p.data);
  return n;
}
