// Short soak for `npm test` (the long one: `npm run stress -- soak`, 30 minutes): steady writers
// moving between layers and connections cycling join/leave against a child server run with
// --expose-gc; afterwards sockets, members, presence, live layers and handles are back where
// they were, and memory after GC stayed flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../stress/soak.campaign.ts';
import { soakProblems } from '../stress/campaigns.ts';

const seed = Number(process.env.TAGTEAM_SEED ?? 20261128);

test(`hundreds of join/leave cycles under steady writes leave no socket, member, presence, layer, handle or heap behind (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runSoak({ seed, durationMs: 10_000, warmupMs: 6000, churners: 16, writers: 3, sampleEveryMs: 2000 });
  console.log(`soak: ${f.cycles} cycles, ${f.writes} writes, heap ${f.before.heapUsedMb.toFixed(1)} → ${f.after.heapUsedMb.toFixed(1)} MB, RSS ${f.rssStartMb} → ${f.rssEndMb} MB`);
  assert.ok(f.cycles >= 500, `${f.cycles} cycles`);
  assert.ok(f.writes > 100);
  // A short run's RSS is noisier than a long one's: 15% here, 10% in the long soak.
  assert.deepEqual(soakProblems(f, 0.15), []);
});
