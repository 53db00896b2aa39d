// Reads a Yjs update before it touches a layer: proves it is well-formed, that every item it adds
// is a plain value in one of the three root maps, and that nothing it depends on is missing.
// Runs in O(update size) against the live doc; the hub applies an update only when this passes,
// so a garbage or hostile update never reaches Y.applyUpdate.
import * as Y from 'yjs';
import { ROOT_MAPS, type RootMap } from './layer-doc.ts';

export interface MapWrite {
  map: RootMap;
  key: string;
  value: unknown;
}
export type Inspection =
  | { ok: true; writes: MapWrite[]; deletes: number }
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

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): Inspection {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded;
  } catch (e) {
    return { ok: false, reason: 'malformed', message: `not a Yjs update (${(e as Error).message || 'decode failed'})` };
  }
  const { structs, ds } = decoded;
  if (structs.length > INSPECT_LIMITS.structs) {
    return { ok: false, reason: 'shape', message: `update has ${structs.length} structs, limit ${INSPECT_LIMITS.structs}` };
  }
  const rootNames = rootNamesOf(doc);

  // Index the update's own items so origins inside this update resolve too.
  const own = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  const ownEnd = new Map<number, number>();
  for (const s of structs) {
    const list = own.get(s.id.client) ?? [];
    // Each client's structs must continue what the server has without a gap (a Skip is a gap):
    // Yjs would keep anything after a gap pending, and the hub applies only what integrates whole.
    const next = list.length === 0 ? Y.getState(doc.store, s.id.client) : ownEnd.get(s.id.client)!;
    if (s instanceof Y.Skip || (list.length === 0 ? s.id.clock > next : s.id.clock !== next)) {
      return { ok: false, reason: 'missing', message: 'update depends on changes the server does not have; re-sync' };
    }
    if (list.length === 0) own.set(s.id.client, list);
    list.push(s);
    ownEnd.set(s.id.client, s.id.clock + s.length);
  }
  const findOwn = (id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined =>
    own.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);

  const resolved = new Map<Y.Item, Parent>();
  const resolve = (item: Y.Item, depth: number): Parent | 'missing' => {
    const memo = resolved.get(item);
    if (memo !== undefined) return memo;
    let parent: Parent | 'missing' = null;
    if (item.parent !== null) {
      const p = item.parent as unknown;
      parent =
        typeof p === 'string' && (ROOT_MAPS as readonly string[]).includes(p) && typeof item.parentSub === 'string'
          ? { map: p as RootMap, key: item.parentSub }
          : null;
    } else {
      const ref = item.origin ?? item.rightOrigin;
      if (ref === null || depth > 10_000) parent = null;
      else {
        const inUpdate = findOwn(ref);
        if (inUpdate instanceof Y.Item) parent = resolve(inUpdate, depth + 1);
        else if (inUpdate !== undefined) parent = null;
        else if (ref.clock >= Y.getState(doc.store, ref.client)) parent = 'missing';
        else {
          const stored = Y.getItem(doc.store, ref) as Y.Item | Y.GC;
          const root = stored instanceof Y.Item ? rootNames.get(stored.parent) : undefined;
          parent = root !== undefined && stored instanceof Y.Item && typeof stored.parentSub === 'string' ? { map: root, key: stored.parentSub } : null;
        }
      }
    }
    if (parent !== 'missing') resolved.set(item, parent);
    return parent;
  };

  /** An item's neighbour is known when this update or the layer holds it. */
  const holds = (id: Y.ID | null): boolean =>
    id === null || id.clock < Math.max(Y.getState(doc.store, id.client), ownEnd.get(id.client) ?? 0);

  const writes: MapWrite[] = [];
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue; // GC carries no content (a Skip was refused above)
    const parent = holds(s.origin) && holds(s.rightOrigin) ? resolve(s, 0) : 'missing';
    if (parent === 'missing') {
      return { ok: false, reason: 'missing', message: 'update refers to changes the server does not have; re-sync' };
    }
    if (parent === null || !KEY.test(parent.key)) {
      return { ok: false, reason: 'shape', message: 'update writes outside the layer maps (spans, relations, docLabels)' };
    }
    if (s.content instanceof Y.ContentDeleted) continue;
    if (!(s.content instanceof Y.ContentAny) || s.content.getLength() !== 1) {
      return { ok: false, reason: 'shape', message: `${parent.map}.${parent.key}: values must be plain objects` };
    }
    writes.push({ map: parent.map, key: parent.key, value: s.content.getContent()[0] });
  }

  let deletes = 0;
  for (const [client, ranges] of ds.clients) {
    const known = Math.max(Y.getState(doc.store, client), ownEnd.get(client) ?? 0);
    for (const r of ranges) {
      if (r.clock + r.len > known) {
        return { ok: false, reason: 'missing', message: 'update deletes changes the server does not have; re-sync' };
      }
      deletes += r.len;
    }
  }
  return { ok: true, writes, deletes };
}
