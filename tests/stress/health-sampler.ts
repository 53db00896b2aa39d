// Times GET /healthz at a fixed interval while a campaign runs: the event loop's responsiveness as
// a client sees it. A request that fails or takes over 5 s counts as a failure (a hang).
export interface HealthSampler {
  count(): number;
  failures(): number;
  /** The q-quantile of the latencies, ms. */
  p(q: number): number;
  max(): number;
  stop(): void;
}

export function startHealthSampler(url: string, everyMs: number): HealthSampler {
  const samples: number[] = [];
  let failures = 0;
  let inFlight = 0;
  const timer = setInterval(() => {
    if (inFlight > 20) return; // a stalled server would otherwise pile up requests
    inFlight++;
    const t = performance.now();
    fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        else samples.push(performance.now() - t);
      })
      .catch(() => failures++)
      .finally(() => inFlight--);
  }, everyMs);
  const sorted = () => [...samples].sort((a, b) => a - b);
  return {
    count: () => samples.length,
    failures: () => failures,
    p: (q) => {
      const s = sorted();
      return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
    },
    max: () => (samples.length === 0 ? 0 : Math.max(...samples)),
    stop: () => clearInterval(timer),
  };
}
