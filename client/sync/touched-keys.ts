// Remembers which layer entries local edits touched since the last durable save, so that after a
// refused update the provider can re-apply exactly the user's unsaved edits on the server state.
import type * as Y from 'yjs';
import { ROOT_MAPS } from '../../shared/layer-doc.ts';

export class TouchedKeys {
  private keys = new Set<string>();

  record(tr: Y.Transaction): void {
    for (const [type, subs] of tr.changed) {
      const map = ROOT_MAPS.find((m) => tr.doc.share.get(m) === type);
      if (!map) continue;
      for (const k of subs) if (k !== null) this.keys.add(`${map}.${k}`);
    }
  }

  clear(): void {
    this.keys.clear();
  }

  take(): Set<string> {
    const k = this.keys;
    this.keys = new Set();
    return k;
  }
}

/** Writes `old`'s value of each `map.key` into `fresh` (deleting where `old` has none). */
export function reapply(old: Y.Doc, fresh: Y.Doc, keys: Set<string>): void {
  fresh.transact(() => {
    for (const mk of keys) {
      const dot = mk.indexOf('.');
      const map = mk.slice(0, dot);
      const key = mk.slice(dot + 1);
      const from = old.getMap<unknown>(map);
      const to = fresh.getMap<unknown>(map);
      if (from.has(key)) {
        const v = from.get(key);
        if (JSON.stringify(to.get(key)) !== JSON.stringify(v)) to.set(key, v);
      } else if (to.has(key)) to.delete(key);
    }
  });
}
