// The socket.io parser both ends use (server `new Server({ parser })`, client `connectSocket()`).
// Why: socket.io's default parser sends an event with binary arguments as two websocket frames (a
// JSON text header, then the bytes), and its broadcast path pre-frames only text packets, so every
// `y` message was framed and written twice per recipient. Here the `y` event — the hot path — is
// ONE binary frame; every other packet (connect, join/leave, acks, errors) keeps socket.io's
// default text encoding, delegated to socket.io-parser itself.
//
// `y` frame: [0x79 'y'] [varuint ack id + 1, 0 = no ack] [varstring layer] [payload bytes to the end]
// A binary frame is taken as a `y` frame unless a default binary packet (text header "5…"/"6…")
// announced attachments, which then go to the default decoder: a default-parser client still
// reaches the server, it just cannot read `y` frames (so every client must use this parser).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Decoder as TextDecoderSio, Encoder as TextEncoderSio, PacketType, type Packet } from 'socket.io-parser';

export const Y_FRAME_TAG = 0x79;
const MAIN_NSP = '/';

type Bytes = Uint8Array | ArrayBuffer;
const isBytes = (x: unknown): x is Bytes => x instanceof Uint8Array || x instanceof ArrayBuffer;
const asU8 = (b: Bytes): Uint8Array => (b instanceof Uint8Array ? b : new Uint8Array(b));

export interface YFrame {
  layer: string;
  payload: Uint8Array;
  /** socket.io ack id, when the sender waits for an acknowledgement. */
  id?: number;
}

/** The bytes of a `y` frame before its payload. */
export function yFrameHead(layer: string, id?: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, Y_FRAME_TAG);
  encoding.writeVarUint(e, id === undefined ? 0 : id + 1);
  encoding.writeVarString(e, layer);
  return encoding.toUint8Array(e);
}

/** Encodes a `y` event as one frame: a header of a few bytes, then the payload, in one buffer. */
export function encodeYFrame(layer: string, payload: Bytes, id?: number): Uint8Array {
  const head = yFrameHead(layer, id);
  const body = asU8(payload);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/** Decodes a `y` frame; throws on anything else. The payload is a view, not a copy. */
export function decodeYFrame(frame: Uint8Array): YFrame {
  const d = decoding.createDecoder(frame);
  if (decoding.readUint8(d) !== Y_FRAME_TAG) throw new Error('not a y frame');
  const idPlusOne = decoding.readVarUint(d);
  const layer = decoding.readVarString(d);
  const payload = frame.subarray(d.pos);
  return idPlusOne === 0 ? { layer, payload } : { layer, payload, id: idPlusOne - 1 };
}

/** The `y` frame for a packet, or null when the packet is not a binary `y` event of `/`. */
function yFrameOf(packet: Packet): Uint8Array | null {
  if (packet.type !== PacketType.EVENT && packet.type !== PacketType.BINARY_EVENT) return null;
  const data: unknown = packet.data;
  if (packet.nsp !== MAIN_NSP || !Array.isArray(data) || data.length !== 3) return null;
  const [event, layer, payload] = data as unknown[];
  if (event !== 'y' || typeof layer !== 'string' || !isBytes(payload)) return null;
  return encodeYFrame(layer, payload, packet.id);
}

export class Encoder {
  private readonly text = new TextEncoderSio();

  encode(packet: Packet): Array<string | Uint8Array> {
    const frame = yFrameOf(packet);
    return frame ? [frame] : (this.text.encode(packet) as Array<string | Uint8Array>);
  }
}

/**
 * socket.io's decoder with `y` frames added: it stays socket.io-parser's Decoder (the emitter
 * socket.io listens to with on/off/removeListener), and text packets and their attachments go to it.
 */
export class Decoder extends TextDecoderSio {
  /** A default binary packet's header was read; its attachments are the next binary frames. */
  private awaitingAttachments = false;
  /**
   * Set by the server's hub: `y` frames go to it instead of through socket.io's event dispatch
   * (server/hub/sync.handlers.ts says why). Unset, they are emitted as socket.io events.
   */
  onYFrame: ((frame: YFrame) => void) | null = null;

  constructor() {
    super();
    // Registered first, so it runs before socket.io's own listener.
    this.on('decoded', () => {
      this.awaitingAttachments = false;
    });
  }

  override add(data: unknown): void {
    if (typeof data === 'string') {
      // Set before: a text packet is decoded (and clears it) synchronously; a binary header is not.
      this.awaitingAttachments = true;
      try {
        super.add(data);
      } catch (err) {
        this.awaitingAttachments = false;
        throw err;
      }
      return;
    }
    if (this.awaitingAttachments || !isBytes(data)) return super.add(data);
    const f = decodeYFrame(asU8(data));
    if (this.onYFrame) return this.onYFrame(f);
    const packet: Packet = { type: PacketType.EVENT, nsp: MAIN_NSP, data: ['y', f.layer, f.payload] };
    if (f.id !== undefined) packet.id = f.id;
    this.emitReserved('decoded', packet);
  }
}

/** The object socket.io's `parser` option expects, on both ends. */
export const wireParser = { Encoder, Decoder };
