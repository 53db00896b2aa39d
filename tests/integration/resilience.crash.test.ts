// Short crash campaign for `npm test` (the long one: `npm run stress -- crash`): clients write to
// several layers while the server is SIGKILLed at random moments, inside a compaction and inside a
// submit, and restarted; no acknowledged write is lost, no layer or set is left corrupt or
// partial, and the clients converge with what is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { WireError } from '../../shared/protocol.ts';
import { putSpan, spansOf } from '../../shared/layer-doc.ts';
import { asSpanId, asUserId } from '../../shared/ids.ts';
import { runCrashCampaign } from '../stress/crash.campaign.ts';
import { seedWorkspace } from '../helpers/api.ts';
import { openLayer, waitFor } from '../helpers/clients.ts';
import { tempDir } from '../helpers/server.ts';
import { auditDataDir } from '../helpers/layer-audit.ts';
import { spawnStressServer } from '../helpers/stress-spawn.ts';

const seed = Number(process.env.TAGTEAM_SEED ?? 20261128);

test(`every acknowledged write survives SIGKILLs at random moments, in compactions and in submits (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runCrashCampaign({ seed, randomKills: 2, compactionKills: 1, submitKills: 1, layers: 2, writersPerLayer: 2, rate: 20, compactAfter: 20 });
  console.log(`crash: ${JSON.stringify(f)}`);
  assert.equal(f.kills, 4);
  assert.equal(f.compactionKills, 1);
  assert.ok(f.ackedChecks > 0, 'writes were acknowledged before the kills');
  assert.ok(f.compactionsSeen > 0, 'compactions ran under the load');
});

// Fan-out happens before the commit, so after a crash another user's client can hold an update
// the server lost; its resync then carries that update. The hub answers `foreign_write` for it
// (the author check), and the provider drops that change quietly, keeping its own unsaved edits.
test('a client resyncing after a crash is not refused for another user\'s update it relayed', { timeout: 60_000 }, async () => {
  const dataDir = await tempDir('tagteam-relay-');
  let server = await spawnStressServer(dataDir);
  const port = server.port;
  const ws = await seedWorkspace(server);
  const layer = `${ws.docIds[0]}/shared`;
  const a = openLayer(server.url, layer, { headers: { cookie: ws.ann1.cookie } });
  const b = openLayer(server.url, layer, { headers: { cookie: ws.ann2.cookie } });
  const errors: WireError[] = [];
  b.provider.on('error', (e) => errors.push(e));
  try {
    await Promise.all([a.provider.whenSaved(), b.provider.whenSaved()]);
    let lost: string | null = null;
    for (let attempt = 0; attempt < 3 && lost === null; attempt++) {
      await server.stop();
      // The next update is fanned out to the other client, then the server dies (its commit is
      // still in SQLite's thread pool, so it is usually lost: checked below, else try again).
      server = await spawnStressServer(dataDir, { port, killAt: { point: 'fanout', n: 1 } });
      await waitFor(() => a.provider.status === 'saved' && b.provider.status === 'saved', 'both clients back');
      const key = `lost${attempt}`;
      putSpan(a.doc, asSpanId(key), { start: 0, end: 3, label: 'PERSON', author: asUserId(ws.ann1.userId), at: 1 });
      assert.equal(await server.exited, 'SIGKILL');
      await waitFor(() => spansOf(b.doc).has(key), 'the update to reach the other client before the crash', 2000);
      const stored = (await auditDataDir(dataDir)).byName.get(layer)?.content.spans;
      if (!stored?.has(asSpanId(key))) lost = key;
      server = await spawnStressServer(dataDir, { port });
    }
    assert.ok(lost !== null, 'a crash lost an update that was fanned out');
    a.close(); // the author's tab is gone; only the other user's client holds the update
    // The other user also has an edit of their own waiting, made while the server was down.
    await server.stop();
    await waitFor(() => b.provider.status === 'offline', 'the other client to notice');
    putSpan(b.doc, asSpanId('mine'), { start: 4, end: 8, label: 'ORG', author: asUserId(ws.ann2.userId), at: 2 });
    server = await spawnStressServer(dataDir, { port });
    await waitFor(() => (b.provider.status === 'saved' && spansOf(b.doc).has(asSpanId('mine'))) || errors.length > 0, 'the other client to resync', 15_000);
    assert.deepEqual(errors.map((e) => e.message), [], 'no error is shown for a change that was never this user\'s');
    assert.ok(!spansOf(b.doc).has(asSpanId(lost)), 'the lost change is dropped: the client converges with the server');
    const stored = (await auditDataDir(dataDir)).byName.get(layer)?.content.spans;
    assert.ok(stored?.has(asSpanId('mine')), 'the client\'s own offline edit is saved');
    assert.ok(!stored?.has(asSpanId(lost)));
  } finally {
    a.close();
    b.close();
    await server.kill();
    await rm(dataDir, { recursive: true, force: true });
  }
});
