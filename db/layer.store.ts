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

/** Rows one INSERT carries (2 parameters each; SQLite ≥ 3.32 allows 32,766 parameters). */
export const ROWS_PER_STATEMENT = 4000;
/** A view on the Buffer sqlite3 returned (its own allocation): a snapshot is not copied again. */
const bytes = (b: unknown): Uint8Array => {
  const buf = b as Buffer;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

type LoadRow = { part: 0 | 1; id: number; data: Buffer | null; seq: number };

export class LayerStore {
  constructor(private readonly db: Sqlite) {}

  /**
   * Loads a layer, creating its row on first use. One read (the snapshot row, then the updates
   * after it) and no write for a layer that exists: a cold join costs no commit, hence no fsync.
   */
  async load(name: string): Promise<StoredLayer> {
    const rows = await this.db.query<LoadRow>(
      `SELECT 0 AS part, id, snapshot AS data, snapshot_seq AS seq FROM layers WHERE name = ?
       UNION ALL
       SELECT 1, u.layer_id, u.data, u.seq FROM layer_updates u JOIN layers l ON l.id = u.layer_id
        WHERE l.name = ? AND u.seq > l.snapshot_seq
       ORDER BY part, seq`,
      [name, name],
    );
    const head = rows[0];
    if (!head) return { layerId: await this.create(name), updates: [], logLength: 0 };
    const updates = rows.slice(1).map((r) => bytes(r.data));
    if (head.data) updates.unshift(bytes(head.data));
    return { layerId: head.id, updates, logLength: rows.length - 1 };
  }

  /** The layer's row id; an upsert, as another writer (an import) may have created it meanwhile. */
  private async create(name: string): Promise<number> {
    const now = Date.now();
    const row = await this.db.transaction((tx) =>
      tx.get<{ id: number }>(
        `INSERT INTO layers (name, document_id, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id`,
        [name, name.split('/')[0] ?? null, now, now],
      ),
    );
    if (!row) throw new Error(`layer row for ${name} was not returned`);
    return row.id;
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

  /**
   * Appends updates of any number of layers atomically, in one commit (one fsync). Up to
   * ROWS_PER_STATEMENT rows this is a single autocommit INSERT (one thread-pool round trip);
   * beyond, chunks inside one transaction.
   */
  async appendBatch(entries: Array<{ layerId: number; data: Uint8Array }>): Promise<void> {
    if (entries.length === 0) return;
    const insert = (chunk: typeof entries): [string, Param[]] => {
      const params: Param[] = [];
      for (const e of chunk) params.push(e.layerId, e.data);
      return [`INSERT INTO layer_updates (layer_id, data) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, params];
    };
    if (entries.length <= ROWS_PER_STATEMENT) {
      await this.db.write(...insert(entries));
      return;
    }
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) await tx.run(...insert(entries.slice(i, i + ROWS_PER_STATEMENT)));
    });
  }

  /**
   * Folds the log into one snapshot, if it holds anything to fold (else nothing is encoded or
   * written: an unload after a compaction costs one read). `snapshot` is called when this
   * transaction has the write lock, so every update committed before it (all with seq ≤ the max
   * read first) is already in the state it returns; updates committed later keep their rows and
   * stay after the snapshot.
   */
  async compact(layerId: number, snapshot: () => Uint8Array): Promise<void> {
    const any = await this.db.query('SELECT 1 AS x FROM layer_updates WHERE layer_id = ? LIMIT 1', [layerId]);
    if (any.length === 0) return;
    await this.db.transaction(async (tx) => {
      const max = await tx.get<{ m: number | null }>('SELECT max(seq) AS m FROM layer_updates WHERE layer_id = ?', [layerId]);
      if (max?.m == null) return;
      const state = snapshot();
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
