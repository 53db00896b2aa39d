// A light socket.io client over a raw websocket, for tests that need many connections (storm,
// soak churn) or frames no real client would send (fuzzing, pre-authentication probes). Engine.io
// framing is done here ("0…" open, "2"/"3" ping/pong, "4…" message); socket.io packets go through
// the hub's own parser (shared/wire-parser.ts), so `y` events are the same frames real clients send.
import WebSocket from 'ws';
import { PacketType, type Packet } from 'socket.io-parser';
import { Decoder, Encoder } from '../../shared/wire-parser.ts';

export interface RawOptions {
  cookie?: string;
  origin?: string;
  /** Send the socket.io CONNECT packet on open (default true). */
  connect?: boolean;
}

export type Incoming = { event: string; args: unknown[] };

export class RawSocket {
  readonly ws: WebSocket;
  /** Resolves with the sid once the namespace accepted us; rejects with the server's refusal. */
  readonly ready: Promise<string>;
  readonly closed: Promise<void>;
  onEvent: (e: Incoming) => void = () => undefined;
  /** Set when a frame from the server could not be decoded (the socket is then closed). */
  readError: Error | null = null;
  /** The close code and reason the connection ended with. */
  closeInfo = '';
  private nextId = 1;
  private readonly acks = new Map<number, (args: unknown[]) => void>();
  private readonly encoder = new Encoder();
  private readonly decoder = new Decoder();

  constructor(url: string, opts: RawOptions = {}) {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.origin) headers.origin = opts.origin;
    this.ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers, perMessageDeflate: false });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code: number, reason: Buffer) => {
        this.closeInfo = `${code} ${reason.toString()}`;
        resolve();
      }),
    );
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('error', reject); // later errors (a reset connection) end in 'close', checked by callers
      this.ws.once('unexpected-response', (req, res) => {
        reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
        req.destroy(new Error('upgrade refused')); // ends in 'close' (ws leaves it open when someone listens)
      });
      void this.closed.then(() => reject(new Error('closed before connecting')));
      this.decoder.on('decoded', (p: Packet) => {
        if (p.type === PacketType.CONNECT) resolve((p.data as { sid: string }).sid);
        else if (p.type === PacketType.CONNECT_ERROR) reject(new Error((p.data as { message: string }).message));
        else this.onPacket(p);
      });
      this.ws.on('message', (data: Buffer, isBinary: boolean) => {
        try {
          if (isBinary) return this.decoder.add(new Uint8Array(data));
          const s = data.toString();
          if (s === '2') return this.ws.send('3');
          if (s.startsWith('0')) return opts.connect !== false ? this.ws.send('40') : undefined;
          if (s.startsWith('4')) this.decoder.add(s.slice(1));
        } catch (err) {
          this.readError = err as Error;
          this.ws.terminate(); // the server sent something we cannot read: as a real client would
        }
      });
    });
    this.ready.catch(() => undefined);
  }

  /** Emits an event through the hub's parser; with `ack` resolves with the ack's arguments. */
  emit(event: string, args: unknown[], ack = false): Promise<unknown[]> {
    const packet: Packet = { type: PacketType.EVENT, nsp: '/', data: [event, ...args] };
    let done: Promise<unknown[]> = Promise.resolve([]);
    if (ack) {
      const id = this.nextId++;
      packet.id = id;
      done = new Promise((resolve) => this.acks.set(id, resolve));
    }
    for (const part of this.encoder.encode(packet)) this.send(typeof part === 'string' ? `4${part}` : part);
    return done;
  }

  /** Sends a raw engine.io frame (text or binary); a socket that already closed ignores it. */
  send(frame: string | Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Acks still unanswered. */
  get inFlight(): number {
    return this.acks.size;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }

  private onPacket(p: Packet): void {
    const args = Array.isArray(p.data) ? (p.data as unknown[]) : [p.data];
    if (p.type === PacketType.ACK || p.type === PacketType.BINARY_ACK) {
      const f = this.acks.get(p.id!);
      this.acks.delete(p.id!);
      f?.(args);
      return;
    }
    const [event, ...rest] = args;
    this.onEvent({ event: String(event), args: rest });
  }
}

/** Opens a raw socket and waits for the namespace to accept it. */
export async function openRaw(url: string, opts: RawOptions = {}): Promise<RawSocket> {
  const s = new RawSocket(url, opts);
  await s.ready;
  return s;
}
