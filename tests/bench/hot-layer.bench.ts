// One busy layer: 100 writers × 2 updates/s. 10 of them are measuring clients; the other 90 are
// light writers in the second generator process (they write and time their acks, and drop the
// ~200 messages/s each receives instead of decoding them).
import { compare } from './compare.ts';
import type { Scenario } from './types.ts';

export const hotLayer: Scenario = {
  name: 'hot-layer',
  description: '100 writers × 2 updates/s on one layer: p99 propagation vs @y/websocket-server',
  run: () => compare({ layers: 1, full: 10, light: 90, passive: 0, rate: 200, warmupMs: 3000, measureMs: 10_000 }, { propP99: { max: 30 } }),
};
