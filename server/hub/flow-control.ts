// Per-connection flow control of the sync hub: how fast a connection may send (a token bucket)
// and how much it may leave unread (its outgoing backlog). A client that floods is refused with
// `rate_limited` and dropped if it keeps on; a client that does not read is dropped before its
// backlog grows without bound (measured by engine-write.ts' unreadBytes). Either one resyncs on
// reconnect, so dropping loses nothing.

/** Allows `ratePerSec` events per second on average, and bursts of up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = performance.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSec) / 1000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Refusals within a sliding window of `windowMs`; `over` once more than `limit` happened in one. */
export class RefusalCounter {
  private count = 0;
  private windowStart = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs = 10_000,
  ) {}

  /** Counts one refusal; true when the window's limit is exceeded. */
  add(now = performance.now()): boolean {
    if (now - this.windowStart > this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count > this.limit;
  }
}
