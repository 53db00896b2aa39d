// The frame fuzzer's cases: each builds one hostile (or, for the control, valid) frame for a
// FuzzSession and says what the server must answer. Hub-level frames (a well-formed socket.io
// event) must always be answered and never close the connection; transport-level garbage may
// close it, but must never crash or stall the server.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { encodeAwareness, encodeSync } from '../../shared/messages.ts';
import { SyncType } from '../../shared/protocol.ts';
import { encodeYFrame } from '../../shared/wire-parser.ts';
import type { FuzzSession } from './fuzz.session.ts';
import { badShape, int, invalidDocLabel, invalidRelation, invalidSpan, mutate, pick, randomBytes } from './fuzz.values.ts';

/** ok: acknowledged as stored · invalid: refused as invalid_update · answered: any ack ·
 *  sent: not waited for (the socket must stay usable) · may-close: may end the connection. */
export type Expect = 'ok' | 'invalid' | 'answered' | 'sent' | 'may-close';
export interface Frame {
  kind: string;
  expect: Expect;
  emit: (s: FuzzSession) => Promise<unknown[]>;
  /** What the frame holds, for the failure message. */
  detail?: string;
}
type R = () => number;

const y = (s: FuzzSession, payload: unknown, ack = true) => s.sock!.emit('y', [s.layer, payload], ack);
const fresh = (r: R) => {
  const d = new Y.Doc();
  d.clientID = 1 + int(r, 2 ** 30);
  return d;
};
const updateOf = (d: Y.Doc, f: (d: Y.Doc) => void) => {
  const sv = Y.encodeStateVector(d);
  f(d);
  return Y.encodeStateAsUpdate(d, sv);
};
/** A valid update of 1–3 new spans from a throwaway client: the seed of truncations and mutations. */
const validSeed = (r: R, s: FuzzSession) =>
  encodeSync(SyncType.update, updateOf(fresh(r), (d) => {
    for (let i = 0, n = 1 + int(r, 3); i < n; i++) d.getMap('spans').set(`m${int(r, 1e9).toString(36)}`, { start: i, end: i + 2, label: 'GPE', author: s.author, at: i });
  }));
/** JSON of a value, showing what JSON hides (a prototype, bigints, undefined). */
const describe = (v: unknown): string =>
  (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype ? `__proto__ ${describe(Object.getPrototypeOf(v))} own ` : '') +
  (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x === undefined ? '(undefined)' : x)) ?? String(v)).slice(0, 200);
const ctxOf = (s: FuzzSession) => ({ author: s.author, otherAuthor: 'someone-else', textLength: s.textLength });

const HUGE_VARINTS: Uint8Array[] = [
  Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
  Uint8Array.from([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
  Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]),
  Uint8Array.from([0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]),
  Uint8Array.from([0, 0, 6, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
  Uint8Array.from([1, 6, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 1, 0]),
  Uint8Array.from([0, 2, 4, 0xff, 0xff, 0xff, 0x7f]),
];

function awarenessFrame(r: R): Uint8Array {
  const e = encoding.createEncoder();
  const k = int(r, 5);
  const n = k === 0 ? 65 + int(r, 1000) : 1 + int(r, 3);
  encoding.writeVarUint(e, n);
  for (let i = 0; i < Math.min(n, 70); i++) {
    encoding.writeVarUint(e, k === 1 ? 0 : int(r, 2 ** 31));
    encoding.writeVarUint(e, int(r, 1e6));
    const big = i === 0 ? [`{"a":"${'x'.repeat(9000)}"}`] : []; // one oversized state at most: stay under the transport limit
    encoding.writeVarString(e, pick(r, ['{"user":{"name":"x"}}', 'null', '[1,2]', '"str"', '{bad json', '{"__proto__":{"x":1}}', '5', '', ...big]));
  }
  const bytes = encoding.toUint8Array(e);
  return encodeAwareness(k === 4 ? mutate(r, bytes) : bytes);
}

const ARG_VALUES: readonly unknown[] = [null, 0, -1, 1e300, true, '', 'x'.repeat(300), 'doc/shared', [], [[[]]], {}, { a: { b: 1 } }, new Uint8Array([0, 0, 0]), '__proto__'];
const EVENTS = ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'y ', 'Y', 'join\u0000', 'x'.repeat(200), 'layer-error', 'emit', 'then'];

export function makeFrame(r: R, s: FuzzSession, maxMessageBytes: number): Frame {
  const roll = r() * 100;
  if (roll < 10) {
    const { update } = s.validUpdate(r);
    return { kind: 'valid write', expect: 'ok', emit: () => y(s, update) };
  }
  if (roll < 20) return { kind: 'random bytes', expect: 'answered', emit: () => y(s, randomBytes(r, 64)) };
  if (roll < 27) {
    const seed = validSeed(r, s);
    return { kind: 'truncated update', expect: 'answered', emit: () => y(s, seed.subarray(0, int(r, seed.length))) };
  }
  if (roll < 42) {
    const seed = validSeed(r, s);
    return { kind: 'mutated update', expect: 'answered', emit: () => y(s, mutate(r, seed)) };
  }
  if (roll < 55) {
    const [a, b] = [s.baseKeys[0]!, s.baseKeys[1]!];
    const map = pick(r, ['spans', 'spans', 'relations', 'docLabels']);
    const [key, value] = map === 'spans' ? [`x${int(r, 1e9)}`, invalidSpan(r, ctxOf(s))] : map === 'relations' ? [`r${int(r, 1e9)}`, invalidRelation(r, ctxOf(s), a, b)] : invalidDocLabel(r);
    const u = updateOf(fresh(r), (d) => d.getMap(map).set(key, value));
    return { kind: `invalid ${map} value`, expect: 'invalid', emit: () => y(s, encodeSync(SyncType.update, u)), detail: describe(value) };
  }
  if (roll < 60) {
    const u = updateOf(fresh(r), (d) => badShape(r, d, s.author));
    return { kind: 'forbidden shape', expect: 'invalid', emit: () => y(s, encodeSync(SyncType.update, u)) };
  }
  if (roll < 64) {
    const d = s.baseDoc();
    const value = invalidSpan(r, ctxOf(s));
    const u = updateOf(d, (x) => x.getMap('spans').set(pick(r, s.baseKeys), value));
    return { kind: 'invalid overwrite', expect: 'invalid', emit: () => y(s, encodeSync(SyncType.update, u)), detail: describe(value) };
  }
  if (roll < 68) return { kind: 'huge varint', expect: 'answered', emit: () => y(s, pick(r, HUGE_VARINTS)) };
  if (roll < 74) {
    const frame = awarenessFrame(r);
    return { kind: 'awareness', expect: 'answered', emit: () => y(s, frame), detail: Buffer.from(frame.subarray(0, 60)).toString('hex') };
  }
  if (roll < 78) {
    const sv = r() < 0.5 ? randomBytes(r, 32) : mutate(r, Y.encodeStateVector(s.mirror));
    return { kind: 'garbage state vector', expect: 'answered', emit: () => y(s, encodeSync(SyncType.step1, sv)) };
  }
  if (roll < 86) {
    const event = pick(r, ['join', 'leave', 'y']);
    const args = Array.from({ length: int(r, 4) }, () => pick(r, ARG_VALUES));
    return { kind: `wrong ${event} arguments`, expect: 'sent', emit: () => s.sock!.emit(event, args, r() < 0.5) };
  }
  if (roll < 90) return { kind: 'unknown event', expect: 'sent', emit: () => s.sock!.emit(pick(r, EVENTS), [pick(r, ARG_VALUES)], r() < 0.5) };
  if (roll < 99.5) return rawFrame(r, s);
  const big = r() < 0.7;
  return {
    kind: big ? 'over the message limit' : 'over the transport limit',
    expect: big ? 'answered' : 'may-close',
    emit: () => y(s, new Uint8Array(big ? maxMessageBytes + 1 : maxMessageBytes * 2 + 16)),
  };
}

/** Below socket.io: engine.io text and binary frames no client library would produce. */
function rawFrame(r: R, s: FuzzSession): Frame {
  const frames: Array<string | Uint8Array> = [
    `4${pick(r, ['2', '42', '42[', '42["y"]', '42{"a":1}', '4299999999999999999999["join"]', '45', '451-', '452-["y","x",{"_placeholder":true,"num":7}]', '46-[]', '49', '4/', '4/nsp,2["x"]', `42${'['.repeat(5000)}`])}`,
    pick(r, ['', '5', '6', '1', 'hello', '9', '0{}', '3probe', '2probe']),
    randomBytes(r, 40),
    Uint8Array.from([0x79, ...randomBytes(r, 20)]),
    encodeYFrame(s.layer, randomBytes(r, 20), int(r, 2 ** 31)),
    encodeYFrame('x'.repeat(1 + int(r, 5000)), new Uint8Array([0, 0, 1, 0])),
    encodeYFrame(s.layer, new Uint8Array(0)),
  ];
  const f = pick(r, frames);
  return { kind: typeof f === 'string' ? 'raw text frame' : 'raw binary frame', expect: 'may-close', emit: async () => (s.sock!.send(f), []) };
}
