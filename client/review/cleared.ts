// Items a reviewer decided hold nothing in gold ("no entity here", "no relation", "no label").
// Gold cannot store an absence, so the ids are kept per document on this device and published
// through awareness; every reviewer present merges the others' ids into their own. Ids only ever
// join (a later decision that puts something in gold resolves the item anyway).
const KEY = (documentId: string) => `tagteam.review.cleared.${documentId}`;
const MAX_IDS = 5000;

export class ClearedItems {
  private ids = new Set<string>();
  private documentId: string | null = null;

  get set(): ReadonlySet<string> {
    return this.ids;
  }

  load(documentId: string): void {
    this.documentId = documentId;
    this.ids = new Set();
    try {
      const raw: unknown = JSON.parse(localStorage.getItem(KEY(documentId)) ?? '[]');
      if (Array.isArray(raw)) for (const id of raw) if (typeof id === 'string') this.ids.add(id);
    } catch {
      // Unreadable storage: start empty; the peers' ids still arrive through awareness.
    }
  }

  /** Adds ids; returns whether anything was new. */
  add(ids: Iterable<string>): boolean {
    let changed = false;
    for (const id of ids) {
      if (typeof id !== 'string' || id.length > 300 || this.ids.has(id) || this.ids.size >= MAX_IDS) continue;
      this.ids.add(id);
      changed = true;
    }
    if (changed) this.save();
    return changed;
  }

  delete(id: string): void {
    if (this.ids.delete(id)) this.save();
  }

  private save(): void {
    if (!this.documentId) return;
    try {
      localStorage.setItem(KEY(this.documentId), JSON.stringify([...this.ids]));
    } catch {
      // Storage full or blocked: the decision still holds for this session and for the peers.
    }
  }
}
