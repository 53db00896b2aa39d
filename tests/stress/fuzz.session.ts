// One fuzzing connection to one layer: a raw socket that joins, runs the real handshake into a
// mirror Y.Doc, writes valid spans (the control: each must be acknowledged and end up stored) and
// sends whatever hostile frame the fuzzer builds, reporting how the server answered.
import * as Y from 'yjs';
import { decodeMessage, encodeSync } from '../../shared/messages.ts';
import { MessageKind, SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import type { SpanValue } from '../../shared/domain.ts';
import { RawSocket } from '../helpers/raw-socket.ts';

export type Outcome = { kind: 'ok' } | { kind: 'error'; code: string } | { kind: 'no-ack' } | { kind: 'closed' } | { kind: 'hang' };

export class FuzzSession {
  sock: RawSocket | null = null;
  readonly mirror = new Y.Doc();
  /** Valid writes sent: each must be stored with this value at the end. */
  readonly expected = new Map<string, SpanValue>();
  /** The first valid spans, and the update holding them: overwrite targets. */
  baseKeys: string[] = [];
  baseUpdate: Uint8Array = new Uint8Array();
  reconnects = 0;
  private n = 0;

  constructor(
    readonly url: string,
    readonly cookie: string,
    readonly layer: string,
    readonly author: string,
    readonly textLength: number,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Connects, joins and completes the handshake (our missing writes are resent and acked). */
  async connect(): Promise<void> {
    this.sock?.close();
    const s = new RawSocket(this.url, { cookie: this.cookie });
    this.sock = s;
    await s.ready;
    let resolveSynced: () => void = () => undefined;
    const synced = new Promise<void>((resolve) => (resolveSynced = resolve));
    s.onEvent = ({ event, args }) => {
      if (event !== 'y' || args[0] !== this.layer || !(args[1] instanceof Uint8Array)) return;
      const m = decodeMessage(args[1]);
      if (m.kind === MessageKind.awareness) return;
      if (m.type === SyncType.step1) {
        const diff = encodeSync(SyncType.step2, Y.encodeStateAsUpdate(this.mirror, m.stateVector));
        void s.emit('y', [this.layer, diff], true).then(([res]) => ('data' in (res as Ack<unknown>) ? resolveSynced() : undefined));
      } else Y.applyUpdate(this.mirror, m.update, 'server');
    };
    const [joined] = await s.emit('join', [this.layer], true);
    if (!('data' in (joined as Ack<unknown>))) throw new Error(`join refused: ${JSON.stringify(joined)}`);
    await s.emit('y', [this.layer, encodeSync(SyncType.step1, Y.encodeStateVector(this.mirror))], true);
    await withTimeout(synced, this.ackTimeoutMs, 'handshake');
  }

  /** A valid new span (or a new value for one of ours), sent as one update. */
  validUpdate(r: () => number): { key: string; update: Uint8Array } {
    const reuse = this.expected.size > this.baseKeys.length && r() < 0.2;
    const own = [...this.expected.keys()].filter((k) => !this.baseKeys.includes(k));
    const key = reuse ? own[Math.floor(r() * own.length)]! : `v${this.n++}`;
    const start = Math.floor(r() * (this.textLength - 10));
    const value: SpanValue = { start, end: start + 1 + Math.floor(r() * 9), label: 'ORG', author: asUserId(this.author), at: this.n };
    const sv = Y.encodeStateVector(this.mirror);
    putSpan(this.mirror, asSpanId(key), value);
    this.expected.set(key, value);
    return { key, update: encodeSync(SyncType.update, Y.encodeStateAsUpdate(this.mirror, sv)) };
  }

  /** Writes the base spans (relation endpoints and overwrite targets) and waits for their acks. */
  async writeBase(r: () => number, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const { key, update } = this.validUpdate(r);
      const out = await this.send(() => this.sock!.emit('y', [this.layer, update], true));
      if (out.kind !== 'ok') throw new Error(`a valid base write was refused: ${JSON.stringify(out)}`);
      this.baseKeys.push(key);
    }
    this.baseUpdate = Y.encodeStateAsUpdate(this.mirror);
  }

  /** A doc holding only the base spans, to build updates that overwrite them. */
  baseDoc(): Y.Doc {
    const d = new Y.Doc();
    Y.applyUpdate(d, this.baseUpdate);
    return d;
  }

  /** Runs one emit and classifies the answer; `expectAck: false` frames are not waited for. */
  async send(emit: () => Promise<unknown[]>, expectAck = true): Promise<Outcome> {
    const s = this.sock!;
    if (!s.open) return { kind: 'closed' };
    const acked = emit();
    if (!expectAck) return { kind: 'no-ack' };
    const res = await Promise.race([
      acked.then(([a]) => a),
      s.closed.then(() => 'closed' as const),
      new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), this.ackTimeoutMs).unref()),
    ]);
    if (res === 'closed' || res === 'hang') return { kind: res };
    const a = res as Ack<unknown> | undefined;
    if (a && typeof a === 'object' && 'error' in a) return { kind: 'error', code: a.error.code };
    return { kind: 'ok' };
  }

  /** True when the socket still answers (a probe event with an ack). */
  async alive(): Promise<boolean> {
    return (await this.send(() => this.sock!.emit('leave', ['probe/shared'], true))).kind === 'error';
  }

  close(): void {
    this.sock?.close();
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}
