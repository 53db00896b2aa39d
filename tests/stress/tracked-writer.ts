// A real client (the product's SyncProvider over socket.io-client) whose every write is tracked
// down to its durable ack: the socket's `emit` is wrapped so that, when the server acknowledges a
// message, every Yjs item of ours that message carried is marked acknowledged. The durability
// invariant checked against the stored layer, per key: the stored value is the last acknowledged
// write or a later one (never an older one, never missing once something was acknowledged).
import * as Y from 'yjs';
import { decodeMessage } from '../../shared/messages.ts';
import { MessageKind, type Ack } from '../../shared/protocol.ts';
import { putSpan, readLayer, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import type { LayerContent, SpanValue } from '../../shared/domain.ts';
import { openLayer, type TestClient } from '../helpers/clients.ts';
import type { Session } from '../helpers/api.ts';

interface Op {
  clock: number;
  value: SpanValue;
  acked: boolean;
}
const LABELS = ['PERSON', 'ORG', 'GPE'];

export class TrackedWriter {
  readonly client: TestClient;
  readonly ops = new Map<string, Op[]>();
  private readonly byClock = new Map<number, Op>();
  private readonly clientId: number;
  written = 0;
  acked = 0;
  /** Set if the provider ever replaced its doc (a refused update): tracking would be lost. */
  replaced = false;
  /** Errors the server sent this client (refused updates and joins). */
  readonly errors: string[] = [];

  constructor(
    url: string,
    readonly layer: string,
    readonly session: Session,
    readonly name: string,
    private readonly textLength: number,
    private readonly r: () => number,
  ) {
    this.client = openLayer(url, layer, { headers: { cookie: session.cookie } });
    this.clientId = this.client.doc.clientID;
    this.client.provider.on('doc', () => (this.replaced = true));
    this.client.provider.on('error', (e) => this.errors.push(`${e.code}: ${e.message}`));
    const socket = this.client.socket;
    const emit = socket.emit.bind(socket) as (...a: unknown[]) => unknown;
    (socket as unknown as { emit: (...a: unknown[]) => unknown }).emit = (...args: unknown[]) => {
      const ack = args.at(-1);
      if (args[0] === 'y' && typeof ack === 'function' && args[2] instanceof Uint8Array) {
        const clocks = this.clocksIn(args[2]);
        args[args.length - 1] = (res: Ack<unknown>) => {
          if ('data' in res) for (const c of clocks) this.markAcked(c);
          (ack as (r: Ack<unknown>) => void)(res);
        };
      }
      return emit(...args);
    };
  }

  /** One write: a new span (70%) or a new value for one of ours (30%). */
  step(): void {
    const own = [...this.ops.keys()];
    this.write(own.length > 0 && this.r() < 0.3 ? own[Math.floor(this.r() * own.length)]! : `${this.name}-${this.written}`);
  }

  /** A new value for one of `n` fixed keys: the layer's content stays bounded however long it runs. */
  stepBounded(n: number): void {
    this.write(`${this.name}-b${Math.floor(this.r() * n)}`);
  }

  private write(key: string): void {
    const start = Math.floor(this.r() * (this.textLength - 10));
    const value: SpanValue = {
      start,
      end: start + 1 + Math.floor(this.r() * 9),
      label: LABELS[Math.floor(this.r() * LABELS.length)]!,
      author: asUserId(this.session.userId),
      at: this.written,
    };
    const clock = Y.getState(this.client.doc.store, this.clientId);
    putSpan(this.client.doc, asSpanId(key), value);
    const op: Op = { clock, value: { ...value }, acked: false };
    const list = this.ops.get(key) ?? [];
    list.push(op);
    this.ops.set(key, list);
    this.byClock.set(clock, op);
    this.written++;
  }

  /** Problems with the stored content of this writer's layer, per the invariant above. */
  check(stored: LayerContent | undefined): string[] {
    const problems: string[] = [];
    for (const [key, list] of this.ops) {
      const got = stored?.spans.get(asSpanId(key));
      const last = list.findLastIndex((o) => o.acked);
      const allowed = last < 0 ? list : list.slice(last);
      if (last < 0 && got === undefined) continue;
      if (!allowed.some((o) => same(o.value, got))) {
        problems.push(`${this.layer} ${key}: stored ${JSON.stringify(got)}, acknowledged ${JSON.stringify(list[last]?.value)} (${list.length} writes)`);
      }
    }
    return problems;
  }

  /** Once everything is saved: every key must hold exactly its last written value. */
  checkFinal(stored: LayerContent | undefined): string[] {
    const problems: string[] = [];
    for (const [key, list] of this.ops) {
      const got = stored?.spans.get(asSpanId(key));
      if (!same(list.at(-1)!.value, got)) problems.push(`${this.layer} ${key}: stored ${JSON.stringify(got)}, last written ${JSON.stringify(list.at(-1)!.value)}`);
    }
    return problems;
  }

  content(): LayerContent {
    return readLayer(this.client.doc);
  }

  spanCount(): number {
    return spansOf(this.client.doc).size;
  }

  close(): void {
    this.client.close();
  }

  private markAcked(clock: number): void {
    const op = this.byClock.get(clock);
    if (!op || op.acked) return;
    op.acked = true;
    this.acked++;
  }

  /** Clocks of our own structs a `y` message carries (items and GC runs alike). */
  private clocksIn(payload: Uint8Array): number[] {
    let msg;
    try {
      msg = decodeMessage(payload);
    } catch {
      return [];
    }
    if (msg.kind === MessageKind.awareness || !('update' in msg)) return [];
    const out: number[] = [];
    for (const s of Y.decodeUpdate(msg.update).structs) {
      if (s.id.client !== this.clientId) continue;
      for (let c = s.id.clock; c < s.id.clock + s.length; c++) out.push(c);
    }
    return out;
  }
}

const same = (a: SpanValue, b: SpanValue | undefined) =>
  b !== undefined && a.start === b.start && a.end === b.end && a.label === b.label && a.author === b.author && a.at === b.at;

/** Canonical JSON of a layer's content, for convergence comparisons. */
export function contentKey(c: LayerContent): string {
  const sort = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ spans: sort(c.spans), relations: sort(c.relations), docLabels: Object.entries(c.docLabels).sort() });
}
