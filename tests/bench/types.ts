// The contract between run.ts and the scenario modules: a scenario measures, run.ts prints and
// stores. Kept apart so scenarios never import the runner (and the runner imports them all).

/** A bound a metric should stay within; run.ts prints it and whether it was met. */
export interface Target {
  max?: number;
  min?: number;
}

export interface BenchRow {
  metric: string;
  /** Our server's figure; a string for informational values (e.g. "not available"). */
  ours: number | string;
  /** The same figure for the reference relay (@y/websocket-server), when it has one. */
  peer?: number | string;
  unit: string;
  /** Bound on ours. */
  target?: Target;
  /** Bound on ours/peer (e.g. ratio ≤ 1.0). */
  ratioTarget?: Target;
}

export interface BenchResult {
  rows: BenchRow[];
  /** Free-form remarks printed under the table (e.g. "the peer has no durable acks"). */
  notes?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}
