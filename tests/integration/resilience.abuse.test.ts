// What one abusive client can do to a server (a child process, measured from outside): flood it
// (refused with rate_limited, then dropped), make it buffer answers it never reads (dropped as a
// slow consumer), or hold connections without a session (closed at once).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { encodeSync } from '../../shared/messages.ts';
import { SyncType, type Ack } from '../../shared/protocol.ts';
import { putSpan } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { tempDir } from '../helpers/server.ts';
import { seedWorkspace, type Workspace } from '../helpers/api.ts';
import { openLayer } from '../helpers/clients.ts';
import { openRaw, RawSocket } from '../helpers/raw-socket.ts';
import { spawnStressServer, type StressServer } from '../helpers/stress-spawn.ts';
import { presence } from '../stress/light-client.ts';

let server: StressServer;
let dataDir: string;
let ws: Workspace;
let layer: string;

before(async () => {
  dataDir = await tempDir('tagteam-abuse-');
  server = await spawnStressServer(dataDir, { gc: true });
  ws = await seedWorkspace(server, { texts: ['Ada Lovelace met Charles Babbage. '.repeat(300), 'The Royal Society met in 1843.'] });
  layer = `${ws.docIds[0]}/shared`;
});
after(async () => {
  await server.kill();
  await rm(dataDir, { recursive: true, force: true });
});

/** Peak resident memory of the server process so far, MB (Linux: VmHWM). */
const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.proc.pid}/status`, 'utf8'))![1]) / 1024;

test('a client that requests the layer again and again without reading cannot make the server buffer unbounded memory', async () => {
  const c = openLayer(server.url, layer, { headers: { cookie: ws.ann1.cookie } });
  c.doc.transact(() => {
    for (let i = 0; i < 2000; i++) putSpan(c.doc, asSpanId(`s${i}`), { start: i, end: i + 5, label: 'ORG', author: asUserId(ws.ann1.userId), at: i, note: 'n'.repeat(60) });
  });
  await c.provider.whenSaved();
  c.close();
  const s = await openRaw(server.url, { cookie: ws.ann2.cookie });
  try {
    await s.emit('join', [layer], true);
    const base = peakMb();
    (s.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // never read again
    // A state vector naming a client the server does not know: the answer is the whole layer (~250 KB).
    const ask = encodeSync(SyncType.step1, new Uint8Array([1, 5, 0]));
    for (let i = 0; i < 1000; i++) s.emit('y', [layer, ask]);
    // Until the server has answered them all (its memory stops growing), at most 20 s.
    let last = -1;
    for (let t = 0; t < 40 && peakMb() !== last; t++) {
      last = peakMb();
      await new Promise((r) => setTimeout(r, 500));
    }
    const grown = Math.round(peakMb() - base);
    console.log(`1,000 sync requests of 7 bytes, never read: server peak memory +${grown} MB`);
    assert.ok(grown < 128, `the server buffered ${grown} MB for one connection that does not read`);
  } finally {
    s.close();
  }
});

test('a socket without a session is closed when it is refused, before it can send more', async () => {
  const s = new RawSocket(server.url, {});
  await assert.rejects(s.ready, /unauthenticated|upgrade refused/);
  const closed = await Promise.race([s.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  s.close();
  assert.ok(closed, 'the refused connection is still open a second later (socket.io keeps it until connectTimeout, 45 s)');
});

test('two thousand refused attempts without a valid session leave connections and heap flat', async () => {
  const base = await server.probe();
  for (let batch = 0; batch < 20; batch++) {
    const socks = Array.from({ length: 100 }, (_, i) => new RawSocket(server.url, i % 2 ? { cookie: `tagteam_session=forged-${batch}-${i}` } : {}));
    const results = await Promise.allSettled(socks.map((x) => x.ready));
    assert.ok(results.every((r) => r.status === 'rejected'), 'every attempt is refused');
    for (const x of socks) x.close();
    await Promise.all(socks.map((x) => x.closed));
  }
  await new Promise((r) => setTimeout(r, 500));
  const end = await server.probe();
  console.log(`2,000 refused attempts: heap ${base.heapUsedMb.toFixed(1)} → ${end.heapUsedMb.toFixed(1)} MB, engine clients ${end.engineClients}`);
  assert.equal(end.engineClients, 0, 'no connection is left behind');
  assert.equal(end.sockets, 0);
  assert.ok(end.heapUsedMb - base.heapUsedMb < 8, `heap after GC grew by ${(end.heapUsedMb - base.heapUsedMb).toFixed(1)} MB`);
});

test('a connection flooding the hub is refused with rate_limited, then dropped, and does not starve another client', async () => {
  const small = `${ws.docIds[1]}/shared`;
  const flooder = await openRaw(server.url, { cookie: ws.owner.cookie });
  const good = openLayer(server.url, small, { headers: { cookie: ws.ann2.cookie } });
  try {
    await good.provider.whenSaved();
    await flooder.emit('join', [small], true);
    const FLOOD = 30_000;
    // Own awareness state, re-sent: cheap to build, real work for the hub (decode, apply, fan-out).
    const frames = Array.from({ length: FLOOD }, (_, i) => presence(424242, i + 1, 'flood'));
    const t0 = performance.now();
    const answers = frames.map((f) => flooder.emit('y', [small, f], true));
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      putSpan(good.doc, asSpanId(`fair${i}`), { start: i, end: i + 2, label: 'ORG', author: asUserId(ws.ann2.userId), at: i });
      await good.provider.whenSaved();
      latencies.push(performance.now() - t);
    }
    // The flood ends when the hub drops the flooder; acks it never sent stay unanswered.
    await Promise.race([flooder.closed, new Promise((r) => setTimeout(r, 20_000))]);
    const floodMs = performance.now() - t0;
    const settled = await Promise.all(answers.map((a) => Promise.race([a, Promise.resolve(null)])));
    const results = settled.filter((a): a is unknown[] => a !== null).map(([a]) => a as Ack<unknown>);
    const limited = results.filter((a) => 'error' in a && a.error.code === 'rate_limited').length;
    const accepted = results.filter((a) => 'data' in a).length;
    const worst = Math.round(Math.max(...latencies));
    console.log(`flood: ${FLOOD} frames; ${accepted} accepted, ${limited} rate_limited, then dropped after ${Math.round(floodMs)} ms; the other client's 20 saves: worst ${worst} ms`);
    assert.ok(!flooder.open, 'a connection that keeps flooding is disconnected');
    assert.ok(limited >= 1000, `${limited} frames were refused with rate_limited`);
    assert.ok(accepted <= 1000, `${accepted} frames were accepted: the limit (200/s, bursts of 400) let through too many`);
    assert.equal(good.provider.status, 'saved', 'the other client is unaffected');
    assert.ok(worst < 2000, `the other client's worst save took ${worst} ms`);
  } finally {
    flooder.close();
    good.close();
  }
});

test('a connection just over the rate limit gets rate_limited errors but stays connected', async () => {
  const small = `${ws.docIds[1]}/shared`;
  const s = await openRaw(server.url, { cookie: ws.owner.cookie });
  try {
    await s.emit('join', [small], true);
    // 600 at once: the burst of 400 passes, the rest (less than ten seconds' worth) is refused.
    const acks = await Promise.all(Array.from({ length: 600 }, (_, i) => s.emit('y', [small, presence(77, i + 1, 'burst')], true)));
    const codes = acks.map(([a]) => ('error' in (a as Ack<unknown>) ? (a as { error: { code: string } }).error.code : 'ok'));
    assert.ok(codes.filter((c) => c === 'ok').length >= 390, 'the burst passes');
    assert.ok(codes.filter((c) => c === 'rate_limited').length >= 150, 'what is over the burst is refused');
    await new Promise((r) => setTimeout(r, 1100));
    const [after] = await s.emit('y', [small, presence(77, 10_000, 'later')], true);
    assert.ok('data' in (after as Ack<unknown>), 'a second later the connection sends again');
    assert.ok(s.open);
  } finally {
    s.close();
  }
});
