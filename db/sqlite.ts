// A promise wrapper over the sqlite3 package: one connection, every call awaited, bound
// parameters only, and one write transaction at a time (sqlite3 shares a connection between
// callers, so two interleaved BEGINs would merge or fail; the queue below prevents that).
import sqlite3 from 'sqlite3';

export type Param = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;

export interface Tx {
  run(sql: string, params?: Param[]): Promise<{ lastID: number; changes: number }>;
  get<T extends Row>(sql: string, params?: Param[]): Promise<T | undefined>;
  all<T extends Row>(sql: string, params?: Param[]): Promise<T[]>;
}

export class Sqlite implements Tx {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string, opts: { synchronous?: 'FULL' | 'NORMAL' } = {}): Promise<Sqlite> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (err) => {
        if (err) return reject(err);
        const s = new Sqlite(db);
        db.configure('busyTimeout', 5000);
        // WAL: readers never block the writer. synchronous=FULL fsyncs the WAL at every commit, so
        // an acknowledged update survives power loss, not only a process crash.
        s.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${opts.synchronous ?? 'FULL'}; PRAGMA foreign_keys = ON;`)
          .then(() => resolve(s), reject);
      });
    });
  }

  run(sql: string, params: Param[] = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  get<T extends Row>(sql: string, params: Param[] = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get(sql, params, (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row)));
    });
  }

  all<T extends Row>(sql: string, params: Param[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all(sql, params, (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
    });
  }

  /** Runs a script of statements without parameters (migrations, pragmas). */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * Runs `fn` inside BEGIN IMMEDIATE … COMMIT, after every earlier transaction has finished.
   * Rolls back and rethrows if `fn` throws. Every write in the store goes through here.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      await this.run('BEGIN IMMEDIATE');
      try {
        const value = await fn(this);
        await this.run('COMMIT');
        return value;
      } catch (e) {
        await this.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued transactions, then closes the connection. */
  async close(): Promise<void> {
    await this.queue;
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
