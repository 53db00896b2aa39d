// Reads a Yjs update before it touches a layer: proves it is well-formed, that Yjs will integrate
// all of it (nothing missing, nothing left pending, nothing that throws half-way), and reports
// where each item it adds lands, as Yjs will place it, so validation checks the value in the place
// it will really take; every such item must be a plain value in one of the three root maps.
// Runs in O(update size) against the live doc; the hub applies an update only when this passes,
// so a garbage or hostile update never reaches Y.applyUpdate. tests/unit/update-inspect.test.ts
// holds hand-written updates for each rule and a random campaign checking them against Yjs.
import * as Y from 'yjs';
import { ROOT_MAPS, type RootMap } from './layer-doc.ts';

export interface MapWrite {
  map: RootMap;
  key: string;
  value: unknown;
}
export type Inspection =
  | {
      ok: true;
      writes: MapWrite[];
      deletes: number;
      /**
       * Yjs integrates these bytes as they are: no struct repeats what the layer has and nothing
       * follows the delete set. Such an update may go to peers as it came, before it is applied.
       */
      exact: boolean;
    }
  | { ok: false; reason: 'malformed' | 'shape' | 'missing'; message: string };

export const INSPECT_LIMITS = { structs: 50_000, keyChars: 64 } as const;
const KEY = /^[A-Za-z0-9_-]{1,64}$/;

type Parent = { map: RootMap; key: string } | null;

/**
 * Each root map of a doc by its type object. Kept per doc: `getMap` turns a root Yjs created as a
 * placeholder (while applying stored updates) into the map for good, so the objects never change.
 */
const rootNamesByDoc = new WeakMap<Y.Doc, Map<unknown, RootMap>>();
function rootNamesOf(doc: Y.Doc): Map<unknown, RootMap> {
  let names = rootNamesByDoc.get(doc);
  if (!names) {
    names = new Map();
    for (const name of ROOT_MAPS) names.set(doc.getMap(name), name);
    rootNamesByDoc.set(doc, names);
  }
  return names;
}

/**
 * Yjs's V1 decoder, noting what inspection needs and `Y.decodeUpdate` does not say: where decoding
 * stopped, and the client of each block header (struct lists flatten adjacent blocks of one client
 * into one run, while Yjs keeps only the last block of a client; a block may hold no struct).
 */
class TrackedDecoderV1 extends Y.UpdateDecoderV1 {
  static last: TrackedDecoderV1 | null = null;
  readonly reader: { pos: number };
  readonly blockClients: number[] = [];
  constructor(reader: { pos: number; arr: Uint8Array }) {
    super(reader as never);
    this.reader = reader;
    TrackedDecoderV1.last = this;
  }
  override readClient(): number {
    const client = super.readClient();
    this.blockClients.push(client);
    return client;
  }
}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): Inspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  let tracked: TrackedDecoderV1;
  try {
    decoded = Y.decodeUpdateV2(update, TrackedDecoderV1 as typeof Y.UpdateDecoderV1) as typeof decoded;
    tracked = TrackedDecoderV1.last!;
  } catch (e) {
    return { ok: false, reason: 'malformed', message: `not a Yjs update (${(e as Error).message || 'decode failed'})` };
  } finally {
    TrackedDecoderV1.last = null; // holds the update's bytes otherwise
  }
  const { structs, ds } = decoded;
  if (structs.length > INSPECT_LIMITS.structs) {
    return { ok: false, reason: 'shape', message: `update has ${structs.length} structs, limit ${INSPECT_LIMITS.structs}` };
  }
  const rootNames = rootNamesOf(doc);

  const store = doc.store;
  const stateCache = new Map<number, number>();
  /** How much of a client's history the layer holds (its next clock). */
  const stateOf = (client: number): number => {
    let st = stateCache.get(client);
    if (st === undefined) stateCache.set(client, (st = Y.getState(store, client)));
    return st;
  };
  const missing = (message: string): Inspection => ({ ok: false, reason: 'missing', message });
  const outside: Inspection = { ok: false, reason: 'shape', message: 'update writes outside the layer maps (spans, relations, docLabels)' };

  // A client with two blocks is refused, adjacent or not: Yjs reads only its last. So the structs
  // come one run per client; `runs` holds each run's first and last index into `structs`. Each run
  // must continue what the layer has without a gap (a Skip is a gap): Yjs keeps anything after a
  // gap pending, and the hub applies only what integrates whole. No encoder writes an empty block
  // or a struct of no length; both are refused (Yjs would integrate such a struct, unchecked).
  if (new Set(tracked.blockClients).size !== tracked.blockClients.length) {
    return { ok: false, reason: 'malformed', message: 'update lists one client twice' };
  }
  const runs = new Map<number, [first: number, last: number]>();
  let exact = tracked.reader.pos === update.length;
  for (let i = 0; i < structs.length; i++) {
    const s = structs[i]!;
    const client = s.id.client;
    const run = runs.get(client);
    if (s.length < 1) return { ok: false, reason: 'malformed', message: 'update holds a struct of no length' };
    const next = run === undefined ? stateOf(client) : structs[i - 1]!.id.clock + structs[i - 1]!.length;
    if (s instanceof Y.Skip || (run === undefined ? s.id.clock > next : s.id.clock !== next)) {
      return missing('update depends on changes the server does not have; re-sync');
    }
    if (run === undefined) {
      runs.set(client, [i, i]);
      if (s.id.clock !== next) exact = false; // starts with something the layer has
    } else run[1] = i;
  }
  if (runs.size !== tracked.blockClients.length) return { ok: false, reason: 'malformed', message: 'update holds an empty client block' };
  const all = structs as Array<Y.Item | Y.GC>; // no Skip left
  /** Where the update's structs of a client end (0 when it has none). */
  const endOf = (client: number): number => {
    const run = runs.get(client);
    return run === undefined ? 0 : all[run[1]]!.id.clock + all[run[1]]!.length;
  };

  // What Yjs integrates: the structs that reach past what the layer has. One wholly below it is a
  // copy Yjs skips, so nothing in it counts, neither its content nor the place it claims; a
  // reference to a clock the layer has resolves to the layer's own item, never to the copy.
  const isNew = (st: Y.Item | Y.GC): boolean => st.id.clock + st.length > stateOf(st.id.client);
  /** Index of the update's new struct holding `id`, if `id` lies past what the layer has; else -1. */
  const newStructAt = (id: Y.ID): number => {
    const run = runs.get(id.client);
    if (run === undefined || id.clock < stateOf(id.client)) return -1;
    let [lo, hi] = run;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const st = all[mid]!;
      if (id.clock < st.id.clock) hi = mid - 1;
      else if (id.clock >= st.id.clock + st.length) lo = mid + 1;
      else return mid;
    }
    return -1;
  };

  // Yjs integrates an update's structs client by client, in order, and jumps to another client's
  // structs when one refers to them; it checks every struct's references this way, even one it then
  // skips as a copy. For all of it to integrate, every reference must be to a clock the layer has
  // or to a struct of this update that comes first: within one client an earlier clock (Yjs does
  // not look ahead there, and throws), across clients a struct with no path back (a cycle leaves
  // them all pending). Dependencies: a struct's origin, its right origin, its client's previous struct.
  const deps: number[][] = all.map(() => []);
  for (let i = 0; i < all.length; i++) {
    const st = all[i]!;
    if (i > 0 && all[i - 1]!.id.client === st.id.client) deps[i]!.push(i - 1);
    if (!(st instanceof Y.Item)) continue;
    if (st.parent !== null && typeof st.parent !== 'string') return outside; // inside a nested type
    for (const ref of [st.origin, st.rightOrigin]) {
      if (ref === null) continue;
      if (ref.client === st.id.client) {
        if (ref.clock >= Math.max(st.id.clock, stateOf(ref.client))) {
          return { ok: false, reason: 'malformed', message: 'update refers ahead within one client' };
        }
        continue; // the layer has it, or an earlier struct of this client in the update does
      }
      if (ref.clock < stateOf(ref.client)) continue; // the layer has it
      const target = newStructAt(ref);
      if (target < 0) return missing('update refers to changes the server does not have; re-sync');
      deps[i]!.push(target);
    }
  }
  // Depth-first, iterative (50,000 structs would overflow the stack): a grey node met again is a cycle.
  const colour = new Uint8Array(all.length); // 0 unvisited, 1 on the path, 2 done
  for (let root = 0; root < all.length; root++) {
    if (colour[root] !== 0) continue;
    const path: Array<[number, number]> = [[root, 0]];
    colour[root] = 1;
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const next = deps[top[0]]![top[1]++];
      if (next === undefined) {
        colour[top[0]] = 2;
        path.pop();
      } else if (colour[next] === 1) {
        return { ok: false, reason: 'malformed', message: 'update holds a reference cycle' };
      } else if (colour[next] === 0) {
        colour[next] = 1;
        path.push([next, 0]);
      }
    }
  }

  // Where each new item lands: its explicit parent, else the parent of its origin (or right
  // origin), as Yjs decides it, followed through the update's items to one the layer has.
  const placed = new Map<Y.Item, Parent>();
  const placeOf = (item: Y.Item): Parent => {
    const chain: Y.Item[] = [];
    let cur: Y.Item = item;
    let parent: Parent | undefined;
    for (;;) {
      const memo = placed.get(cur);
      if (memo !== undefined) {
        parent = memo;
        break;
      }
      chain.push(cur);
      if (cur.parent !== null) {
        const p = cur.parent as unknown;
        parent =
          typeof p === 'string' && (ROOT_MAPS as readonly string[]).includes(p) && typeof cur.parentSub === 'string'
            ? { map: p as RootMap, key: cur.parentSub }
            : null;
        break;
      }
      const ref = cur.origin ?? cur.rightOrigin;
      if (ref === null) {
        parent = null;
        break;
      }
      const at = newStructAt(ref);
      const inUpdate = at < 0 ? undefined : all[at];
      if (inUpdate instanceof Y.Item) {
        cur = inUpdate; // acyclic, checked above
        continue;
      }
      if (inUpdate !== undefined) {
        parent = null; // a GC: Yjs drops an item placed next to one
        break;
      }
      const stored = Y.getItem(store, ref) as Y.Item | Y.GC;
      const root = stored instanceof Y.Item ? rootNames.get(stored.parent) : undefined;
      parent = root !== undefined && stored instanceof Y.Item && typeof stored.parentSub === 'string' ? { map: root, key: stored.parentSub } : null;
      break;
    }
    for (const c of chain) placed.set(c, parent);
    return parent;
  };

  const writes: MapWrite[] = [];
  for (const st of all) {
    if (!(st instanceof Y.Item) || !isNew(st)) continue; // a GC carries no content, a copy is skipped
    const parent = placeOf(st);
    if (parent === null || !KEY.test(parent.key)) return outside;
    if (st.content instanceof Y.ContentDeleted) continue;
    if (!(st.content instanceof Y.ContentAny) || st.content.getLength() !== 1) {
      return { ok: false, reason: 'shape', message: `${parent.map}.${parent.key}: values must be plain objects` };
    }
    writes.push({ map: parent.map, key: parent.key, value: st.content.getContent()[0] });
  }

  let deletes = 0;
  for (const [client, ranges] of ds.clients) {
    const known = Math.max(stateOf(client), endOf(client));
    for (const r of ranges) {
      // A range of no length is malformed (Yjs would keep it pending and then fail to encode it).
      if (r.len < 1) return { ok: false, reason: 'malformed', message: 'update deletes a range of no length' };
      if (r.clock + r.len > known) {
        return { ok: false, reason: 'missing', message: 'update deletes changes the server does not have; re-sync' };
      }
      deletes += r.len;
    }
  }
  return { ok: true, writes, deletes, exact };
}
