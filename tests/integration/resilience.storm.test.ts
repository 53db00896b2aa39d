// Reconnect storm, short (the long one: `npm run stress -- storm`, 1,000 clients): the server is
// killed and restarted under connected clients that reconnect on socket.io-client's default
// schedule, which is verified first; all must be resynced within 10 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectSocket } from '../../client/sync/socket.ts';
import { backoffDelay, runStorm } from '../stress/storm.campaign.ts';
import { rng } from '../helpers/clients.ts';

const seed = Number(process.env.TAGTEAM_SEED ?? 20261128);

test('the client socket reconnects with exponential backoff from 1 s to 5 s and ±50% jitter, as the storm models it', () => {
  const socket = connectSocket('http://127.0.0.1:9', { autoConnect: false }); // exactly what the UI opens, plus no auto-connect
  const m = socket.io;
  assert.equal(m.reconnection(), true);
  assert.equal(m.reconnectionDelay(), 1000);
  assert.equal(m.reconnectionDelayMax(), 5000);
  assert.equal(m.randomizationFactor(), 0.5);
  assert.equal(m.reconnectionAttempts(), Infinity);
  socket.close();
  const r = rng(seed);
  const first = Array.from({ length: 1000 }, () => backoffDelay(0, r));
  assert.ok(Math.min(...first) >= 500 && Math.max(...first) <= 1500 && new Set(first).size > 300, 'first retries spread over 0.5–1.5 s');
  assert.ok(Array.from({ length: 100 }, () => backoffDelay(6, r)).every((d) => d === 5000), 'capped at 5 s');
});

test(`200 connected clients are all resynced within 10 s of a SIGKILLed server coming back (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runStorm({ seed, clients: 200, reconnect: 'backoff', stop: 'kill' });
  console.log(`storm: ${JSON.stringify(f)}`);
  assert.ok(f.resyncAllMs < 10_000, `the last client resynced ${f.resyncAllMs} ms after the restart`);
});
