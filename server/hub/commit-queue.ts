// Group commit: every update accepted while a commit is in flight (or within the same tick) is
// written by the next single commit (one INSERT statement, see LayerStore.appendBatch), so one
// fsync acknowledges many updates. One commit at a time: SQLite has one writer anyway, and what
// waits meanwhile joins the next commit instead of queueing fsyncs of its own.
// `delayMs` is the least time between the starts of two commits: under sustained load updates
// wait up to that long to share an fsync (each costs ~0.35 ms of CPU on top of its latency here,
// see the commit-fsync bench); an update arriving after a quiet spell is committed at once.
// Invariant: a promise returned by `enqueue` resolves only after its row is committed.
import type { LayerStore } from '../../db/layer.store.ts';
import type { Logger } from '../logger.ts';

interface Entry {
  layerId: number;
  data: Uint8Array;
  resolve: () => void;
}

export class CommitQueue {
  private pending: Entry[] = [];
  private waiters: Array<() => void> = [];
  private running = false;
  private scheduled = false;
  private retryMs = 0;
  private lastStart = -Infinity;
  /** Called after each committed batch with the number of rows per layer. */
  onCommitted: (counts: Map<number, number>) => void = () => undefined;

  constructor(
    private readonly store: LayerStore,
    private readonly log: Logger,
    private readonly delayMs: number,
  ) {}

  enqueue(layerId: number, data: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      this.pending.push({ layerId, data, resolve });
      this.schedule();
    });
  }

  /** Resolves once everything enqueued before this call has been committed. */
  barrier(): Promise<void> {
    if (this.pending.length === 0 && !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.pending.length === 0 ? this.waiters.push(resolve) : this.pending.push({ layerId: -1, data: new Uint8Array(), resolve });
    });
  }

  get size(): number {
    return this.pending.length;
  }

  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    const wait = this.retryMs > 0 ? this.retryMs : this.untilNextStart();
    if (wait >= 1) setTimeout(run, wait);
    else setImmediate(run);
  }

  private untilNextStart(): number {
    return this.lastStart + this.delayMs - performance.now();
  }

  private async flush(): Promise<void> {
    this.running = true;
    const batch = this.pending;
    this.pending = [];
    const rows = batch.filter((e) => e.layerId >= 0);
    try {
      if (rows.length > 0) {
        this.lastStart = performance.now();
        await this.store.appendBatch(rows);
      }
      this.retryMs = 0;
    } catch (err) {
      // Nothing is acknowledged that is not on disk: keep the batch and try again with backoff.
      this.log.error({ err, rows: rows.length }, 'commit failed; retrying');
      this.pending = batch.concat(this.pending);
      this.retryMs = Math.min(Math.max(this.retryMs * 2, 50), 5000);
      this.running = false;
      this.schedule();
      return;
    }
    this.running = false;
    // The next commit and these acks go out in this loop turn's check phase, after the fan-outs
    // already waiting there: a peer's copy of an update does not queue behind acks.
    if (this.pending.length > 0) this.schedule();
    setImmediate(() => this.acknowledge(batch, rows));
  }

  private acknowledge(batch: Entry[], rows: Entry[]): void {
    const counts = new Map<number, number>();
    for (const e of rows) counts.set(e.layerId, (counts.get(e.layerId) ?? 0) + 1);
    for (const e of batch) e.resolve();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    if (counts.size > 0) this.onCommitted(counts);
  }

  /** Shutdown: commit everything still queued. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.running) await this.barrier();
  }
}
