// Crash campaign: many real clients write to many layers while the server process is SIGKILLed —
// at random moments, at exact statements inside compactions, and inside submits — and restarted
// on the same port, where the clients reconnect by themselves. After every kill, with the server
// down, the SQLite file is audited: every layer loads and validates, every acknowledged write is
// stored (tracked-writer.ts), every annotation set is complete. At the end all clients converge
// with each other and with what is stored.
import { rm } from 'node:fs/promises';
import { call, seedWorkspace, type Session } from '../helpers/api.ts';
import { rng, waitFor } from '../helpers/clients.ts';
import { auditDataDir } from '../helpers/layer-audit.ts';
import { tempDir } from '../helpers/server.ts';
import { spawnStressServer, type StressServer } from '../helpers/stress-spawn.ts';
import type { KillPoint } from '../helpers/stress-server.ts';
import { contentKey, TrackedWriter } from './tracked-writer.ts';
import { checkSubmitAtomic, fillLayer } from './crash.submit.ts';

export interface CrashOptions {
  seed: number;
  /** SIGKILLs at random moments of the write load. */
  randomKills: number;
  /** SIGKILLs at a statement inside a compaction (update, delete or commit). */
  compactionKills: number;
  /** SIGKILLs inside POST …/submit: mid-rows (set must be absent) or right after COMMIT (complete). */
  submitKills: number;
  layers: number;
  writersPerLayer: number;
  /** Writes per second per writer. */
  rate: number;
  compactAfter: number;
  log?: (line: string) => void;
}

export interface CrashFigures {
  seed: number;
  kills: number;
  compactionKills: number;
  compactionsSeen: number;
  submitKills: string;
  writes: number;
  /** Sum over the audits of the acknowledged writes each one verified. */
  ackedChecks: number;
  /** Writes whose own ack arrived (others were stored but their ack died with the server). */
  ackedFinal: number;
  storedRowsAudited: number;
  layersAudited: number;
  clients: number;
  /** Times a client's write was answered missing_dependencies and it re-synced (after lost writes). */
  resyncsAfterLostWrites: number;
  durationS: number;
}

const TEXT = 'Ada Lovelace met Charles Babbage in London. '.repeat(20);

export async function runCrashCampaign(o: CrashOptions): Promise<CrashFigures> {
  const t0 = performance.now();
  const log = o.log ?? (() => undefined);
  const r = rng(o.seed);
  const dataDir = await tempDir('tagteam-crash-');
  const env = { TAGTEAM_COMPACT_AFTER: String(o.compactAfter) };
  let server: StressServer = await spawnStressServer(dataDir, { env });
  const port = server.port;
  const writers: TrackedWriter[] = [];
  let timer: NodeJS.Timeout | null = null;
  const fail = (m: string): never => {
    throw new Error(`crash campaign (seed ${o.seed}): ${m}`);
  };
  const figures: CrashFigures = {
    seed: o.seed, kills: 0, compactionKills: 0, compactionsSeen: 0, submitKills: '', writes: 0, ackedChecks: 0, ackedFinal: 0,
    storedRowsAudited: 0, layersAudited: 0, clients: 0, resyncsAfterLostWrites: 0, durationS: 0,
  };
  try {
    const ws = await seedWorkspace(server, { texts: Array.from({ length: o.layers + 1 }, () => TEXT) });
    const users: Session[] = [ws.owner, ws.reviewer, ws.ann1, ws.ann2];
    const submitLayer = `${ws.docIds[o.layers]}/shared`;
    const submitSpans = await fillLayer(server.url, submitLayer, ws.ann1, 120);
    for (let l = 0; l < o.layers; l++) {
      for (let w = 0; w < o.writersPerLayer; w++) {
        // All clients of one layer are one user (tabs): see resilience.crash.test.ts for why.
        writers.push(new TrackedWriter(server.url, `${ws.docIds[l]}/shared`, users[l % users.length]!, `w${l}x${w}`, TEXT.length, rng(o.seed * 1000 + writers.length)));
      }
    }
    figures.clients = writers.length;
    await Promise.all(writers.map((w) => w.client.provider.whenSaved()));
    // The load: every 10 ms each writer writes with probability rate/100.
    timer = setInterval(() => {
      for (const w of writers) if (r() < o.rate / 100) w.step();
    }, 10);

    /** With the server down: audit every layer and every writer's acknowledged writes. */
    const audit = async (what: string) => {
      const a = await auditDataDir(dataDir);
      if (a.problems.length > 0) fail(`after ${what}: ${a.problems.slice(0, 5).join('; ')}`);
      const problems = writers.flatMap((w) => w.check(a.byName.get(w.layer)?.content));
      if (problems.length > 0) fail(`after ${what}: acknowledged writes lost: ${problems.slice(0, 5).join('; ')}`);
      figures.storedRowsAudited += a.rows;
      figures.layersAudited += a.layers;
      figures.ackedChecks += writers.reduce((n, w) => n + w.acked, 0);
      return a;
    };
    const restart = async (killAt?: { point: KillPoint; n: number }) => {
      server = await spawnStressServer(dataDir, { port, env, ...(killAt ? { killAt } : {}) });
    };
    const waitDeath = async (what: string, timeoutMs = 30_000) => {
      const dead = await Promise.race([server.exited, new Promise<null>((res) => setTimeout(() => res(null), timeoutMs).unref())]);
      if (dead === null) fail(`${what}: the kill point was never reached in ${timeoutMs} ms`);
      if (dead !== 'SIGKILL') fail(`${what}: the server exited with ${dead}, not SIGKILL`);
    };

    type Kind = 'random' | 'compact' | 'submit';
    const plan: Kind[] = [...Array<Kind>(o.compactionKills).fill('compact'), ...Array<Kind>(o.submitKills).fill('submit'), ...Array<Kind>(Math.max(0, o.randomKills - 1)).fill('random')];
    plan.sort(() => r() - 0.5);
    plan.unshift('random'); // the first server also served the set-up, so it is killed at random
    /** The server after kill i is armed with the kill point of step i + 1 (if it has one). */
    const armFor = (kind: Kind | undefined): { point: KillPoint; n: number } | undefined => {
      if (kind === 'compact') return { point: (['compact-update', 'compact-delete', 'compact-commit'] as const)[Math.floor(r() * 3)]!, n: 1 + Math.floor(r() * 3) };
      if (kind === 'submit') return r() < 0.5 ? { point: 'set-row', n: 1 + Math.floor(r() * (submitSpans - 1)) } : { point: 'set-commit', n: 1 };
      return undefined;
    };
    let armed: { point: KillPoint; n: number } | undefined;
    const submitOutcomes = { absent: 0, complete: 0 };
    for (const [i, kind] of plan.entries()) {
      if (kind === 'random') {
        // Let the clients reconnect and get writes acknowledged by this server, then kill it.
        const acked = () => writers.reduce((n, w) => n + w.acked, 0);
        const from = acked();
        await waitFor(() => acked() >= from + writers.length, 'writes acknowledged after the restart', 30_000).catch(() => fail('no writes were acknowledged within 30 s of a restart'));
        await new Promise((res) => setTimeout(res, 300 + r() * 1200));
        figures.compactionsSeen += (await server.probe()).compactions;
        await server.kill();
      } else if (kind === 'compact') {
        await waitDeath(`kill at ${armed!.point} #${armed!.n}`);
        figures.compactionKills++;
      } else {
        const res = call(server.url, ws.owner, 'POST', `/api/documents/${ws.docIds[o.layers]}/layers/shared/submit`).catch(() => null);
        await waitDeath(`kill at ${armed!.point} #${armed!.n}`);
        const answered = await res;
        if (answered !== null) fail(`the submit was answered (${answered.status}) although the server died inside it`);
      }
      figures.kills++;
      const a = await audit(`kill ${i + 1} (${kind}${armed ? ` at ${armed.point} #${armed.n}` : ''})`);
      if (kind === 'submit') {
        const outcome = await checkSubmitAtomic(dataDir, submitLayer, a.byName.get(submitLayer)?.content, fail);
        if (outcome !== (armed!.point === 'set-row' ? 'absent' : 'complete')) fail(`a kill at ${armed!.point} left the set ${outcome}`);
        submitOutcomes[outcome]++;
        if (outcome === 'complete') {
          await restart();
          const re = await call(server.url, ws.owner, 'POST', `/api/documents/${ws.docIds[o.layers]}/layers/shared/reopen`);
          if (re.status !== 200) fail(`reopen after a committed submit: ${re.status}`);
          await server.stop();
        }
      }
      armed = armFor(plan[i + 1]);
      await restart(armed);
      log(`kill ${i + 1}/${plan.length} (${kind}): ${writers.reduce((n, w) => n + w.written, 0)} writes, ${writers.reduce((n, w) => n + w.acked, 0)} acknowledged`);
    }
    figures.submitKills = `${submitOutcomes.absent} absent, ${submitOutcomes.complete} complete, 0 partial`;

    // Let the load run on the last server, then stop writing and wait until everything is saved.
    await new Promise((res) => setTimeout(res, 1000));
    clearInterval(timer);
    timer = null;
    figures.compactionsSeen += (await server.probe()).compactions;
    await waitFor(() => writers.every((w) => w.client.provider.status === 'saved'), 'every writer saved', 30_000).catch(() =>
      fail(`not every client is saved: ${writers.map((w) => `${w.name}: ${w.client.provider.status}`).join(', ')}`),
    );
    const layerOf = (w: TrackedWriter) => writers.filter((x) => x.layer === w.layer);
    await waitFor(() => writers.every((w) => layerOf(w).every((x) => contentKey(x.content()) === contentKey(w.content()))), 'clients to converge', 20_000).catch(() =>
      fail('clients of one layer did not converge'),
    );
    await server.stop();
    const final = await audit('the final graceful stop');
    for (const w of writers) {
      const stored = final.byName.get(w.layer)?.content;
      if (!stored || contentKey(stored) !== contentKey(w.content())) fail(`${w.name}: the stored layer differs from the client's converged state`);
      const lost = w.checkFinal(stored);
      if (lost.length > 0) fail(`writes not stored after every client saved: ${lost.slice(0, 5).join('; ')}`);
    }
    // missing_dependencies is the protocol working (a write built on one the crash lost: the
    // client re-syncs and resends both); any other refusal of a valid client is a failure.
    const isResync = (e: string) => e.startsWith('missing_dependencies');
    figures.resyncsAfterLostWrites = writers.reduce((n, w) => n + w.errors.filter(isResync).length, 0);
    const refused = writers.filter((w) => w.errors.some((e) => !isResync(e)) || w.replaced);
    if (refused.length > 0) fail(`clients had updates refused: ${refused.map((w) => `${w.name}: ${w.errors.filter((e) => !isResync(e)).join(' | ')}`).join('; ')}`);
    figures.writes = writers.reduce((n, w) => n + w.written, 0);
    figures.ackedFinal = writers.reduce((n, w) => n + w.acked, 0);
    figures.durationS = Math.round((performance.now() - t0) / 100) / 10;
    return figures;
  } finally {
    if (timer) clearInterval(timer);
    for (const w of writers) w.close();
    await server.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}
