// A promise wrapper over the sqlite3 package: one connection, every call awaited, bound
// parameters only, and one write transaction at a time (sqlite3 shares a connection between
// callers, so two interleaved BEGINs would merge or fail, and a lone statement issued inside
// someone's open transaction would join it; the queue below prevents both).
import sqlite3 from 'sqlite3';

export type Param = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;

export interface Tx {
  run(sql: string, params?: Param[]): Promise<{ lastID: number; changes: number }>;
  get<T extends Row>(sql: string, params?: Param[]): Promise<T | undefined>;
  all<T extends Row>(sql: string, params?: Param[]): Promise<T[]>;
}

/** Prepared statements kept for reuse (hot statements only: appends, layer loads). */
const MAX_CACHED_STATEMENTS = 32;

export class Sqlite implements Tx {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statements = new Map<string, sqlite3.Statement>();

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
   * Runs one writing statement as its own transaction (SQLite autocommit: atomic, and durable
   * when it resolves), after every earlier transaction has finished. One statement is one
   * thread-pool round trip where BEGIN … COMMIT is three, each also waiting for the event loop.
   */
  write(sql: string, params: Param[] = []): Promise<{ changes: number }> {
    const result = this.queue.then(
      () =>
        new Promise<{ changes: number }>((resolve, reject) => {
          this.statement(sql).run(params, function (this: sqlite3.RunResult, err: Error | null) {
            if (err) reject(err);
            else resolve({ changes: this.changes });
          });
        }),
    );
    this.queue = result.catch(() => this.forget(sql));
    return result;
  }

  /** `all` through a reused prepared statement (see `statement`), for hot reads. */
  query<T extends Row>(sql: string, params: Param[] = []): Promise<T[]> {
    return new Promise<T[]>((resolve, reject) => {
      this.statement(sql).all(params, (err: Error | null, rows: T[]) => {
        if (!err) return resolve(rows);
        void this.forget(sql);
        reject(err);
      });
    });
  }

  /**
   * A prepared statement, kept. Why: `db.run`/`db.all` prepare a statement per call and finalize
   * it on the main thread when it completes; sqlite3_finalize takes the connection mutex, which a
   * worker thread holds for the whole of the next statement — an fsync included — so the event
   * loop stood blocked for that fsync after every commit. A kept statement is reset and run in
   * the worker; nothing of it runs on the main thread.
   */
  private statement(sql: string): sqlite3.Statement {
    const kept = this.statements.get(sql);
    if (kept) {
      this.statements.delete(sql); // most recently used last
      this.statements.set(sql, kept);
      return kept;
    }
    const stmt = this.db.prepare(sql);
    this.statements.set(sql, stmt);
    if (this.statements.size > MAX_CACHED_STATEMENTS) void this.forget(this.statements.keys().next().value!);
    return stmt;
  }

  /** Drops a kept statement (evicted, or failed: a broken statement is prepared afresh). */
  private forget(sql: string): Promise<void> {
    const stmt = this.statements.get(sql);
    this.statements.delete(sql);
    return new Promise((resolve) => (stmt ? stmt.finalize(() => resolve()) : resolve()));
  }

  /**
   * Runs `fn` inside BEGIN IMMEDIATE … COMMIT, after every earlier transaction has finished.
   * Rolls back and rethrows if `fn` throws. Every write in the store goes through here or `write`.
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
    await Promise.all([...this.statements.keys()].map((sql) => this.forget(sql)));
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
