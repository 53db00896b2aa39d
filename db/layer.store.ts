// Persistence of Yjs layers: append accepted updates, load snapshot + later updates, and compact
// the log into a snapshot without ever dropping an update that was committed meanwhile.
import * as Y from 'yjs';
import type { Param, Sqlite, Tx } from './sqlite.ts';

export interface StoredLayer {
  layerId: number;
  /** Snapshot first (if any), then the updates appended after it, in commit order. */
  updates: Uint8Array[];
  /** Number of appended updates not yet folded into the snapshot. */
  logLength: number;
}

const ROWS_PER_INSERT = 400;
const bytes = (b: unknown): Uint8Array => new Uint8Array(b as Buffer);

export class LayerStore {
  constructor(private readonly db: Sqlite) {}

  /** Loads a layer, creating its row on first use. */
  async load(name: string): Promise<StoredLayer> {
    const now = Date.now();
    const row = await this.db.transaction((tx) =>
      tx.get<{ id: number; snapshot: Buffer | null; snapshot_seq: number }>(
        `INSERT INTO layers (name, document_id, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET name = excluded.name
         RETURNING id, snapshot, snapshot_seq`,
        [name, name.split('/')[0] ?? null, now, now],
      ),
    );
    if (!row) throw new Error(`layer row for ${name} was not returned`);
    const rows = await this.db.all<{ data: Buffer }>(
      'SELECT data FROM layer_updates WHERE layer_id = ? AND seq > ? ORDER BY seq',
      [row.id, row.snapshot_seq],
    );
    const updates = rows.map((r) => bytes(r.data));
    if (row.snapshot) updates.unshift(bytes(row.snapshot));
    return { layerId: row.id, updates, logLength: rows.length };
  }

  /** Reads a stored layer into a fresh Y.Doc (null if it was never written). */
  async readDoc(name: string): Promise<Y.Doc | null> {
    const row = await this.db.get<{ id: number }>('SELECT id FROM layers WHERE name = ?', [name]);
    if (!row) return null;
    const { updates } = await this.load(name);
    const doc = new Y.Doc();
    for (const u of updates) Y.applyUpdate(doc, u);
    return doc;
  }

  async namesForProject(projectId: string): Promise<string[]> {
    const rows = await this.db.all<{ name: string }>(
      'SELECT l.name FROM layers l JOIN documents d ON d.id = l.document_id WHERE d.project_id = ? ORDER BY l.name',
      [projectId],
    );
    return rows.map((r) => r.name);
  }

  /** Appends updates of any number of layers in one transaction (one fsync). */
  async appendBatch(entries: Array<{ layerId: number; data: Uint8Array }>): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
        const chunk = entries.slice(i, i + ROWS_PER_INSERT);
        const params: Param[] = [];
        for (const e of chunk) params.push(e.layerId, e.data);
        await tx.run(`INSERT INTO layer_updates (layer_id, data) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, params);
      }
    });
  }

  /**
   * Folds the log into one snapshot. `snapshot` is called when this transaction has the write
   * lock, so every update committed before it (all with seq ≤ the max read next) is already in
   * the state it returns; updates committed later keep their rows and stay after the snapshot.
   */
  async compact(layerId: number, snapshot: () => Uint8Array): Promise<void> {
    await this.db.transaction(async (tx) => {
      const state = snapshot();
      const max = await tx.get<{ m: number | null }>('SELECT max(seq) AS m FROM layer_updates WHERE layer_id = ?', [layerId]);
      if (max?.m == null) return;
      await tx.run('UPDATE layers SET snapshot = ?, snapshot_seq = ?, updated_at = ? WHERE id = ?', [state, max.m, Date.now(), layerId]);
      await tx.run('DELETE FROM layer_updates WHERE layer_id = ? AND seq <= ?', [layerId, max.m]);
    });
  }
}

/** Appends an update to a layer inside the caller's transaction (imports write layers this way). */
export async function appendInTx(tx: Tx, name: string, data: Uint8Array): Promise<void> {
  const now = Date.now();
  const row = await tx.get<{ id: number }>(
    `INSERT INTO layers (name, document_id, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at RETURNING id`,
    [name, name.split('/')[0] ?? null, now, now],
  );
  await tx.run('INSERT INTO layer_updates (layer_id, data) VALUES (?, ?)', [row!.id, data]);
}
