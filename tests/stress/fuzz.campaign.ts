// Frame fuzzing campaign: several raw connections, one per layer, send seeded hostile frames (see
// fuzz.frames.ts) interleaved with valid writes, against the real server in a child process, while
// /healthz is timed every 50 ms. Zero crashes (the process lives), zero hangs (every frame that
// must be answered is, /healthz stays fast), zero corruption (afterwards every stored layer loads
// and validates, and every valid write is stored exactly).
import { rm } from 'node:fs/promises';
import type { ProcStats } from '../bench/ipc.ts';
import { seedWorkspace, type Session } from '../helpers/api.ts';
import { rng } from '../helpers/clients.ts';
import { auditDataDir } from '../helpers/layer-audit.ts';
import { tempDir } from '../helpers/server.ts';
import { spawnStressServer } from '../helpers/stress-spawn.ts';
import { makeFrame } from './fuzz.frames.ts';
import { FuzzSession } from './fuzz.session.ts';
import { startHealthSampler } from './health-sampler.ts';

export interface FrameFuzzOptions {
  seed: number;
  frames: number;
  sessions: number;
  maxMessageBytes: number;
  /** Only these kinds of frame (default: all). */
  kinds?: string[];
  log?: (line: string) => void;
}

export interface FrameFuzzFigures {
  seed: number;
  frames: number;
  byKind: Record<string, number>;
  answeredOk: number;
  answeredError: number;
  connectionsClosed: number;
  validWrites: number;
  acceptedMutations: number;
  healthzSamples: number;
  healthzP99Ms: number;
  healthzMaxMs: number;
  loopMaxMs: number;
  rssStartMb: number;
  rssEndMb: number;
  layersAudited: number;
  durationS: number;
  /** Rules the server broke, with a count and the first frame that showed it (empty: none). */
  findings: string[];
}

const TEXT = 'Ada Lovelace met Charles Babbage in London; the Royal Society met in 1843. '.repeat(8);

export async function runFrameFuzz(o: FrameFuzzOptions): Promise<FrameFuzzFigures> {
  const t0 = performance.now();
  const fail = (m: string): never => {
    throw new Error(`frame fuzz (seed ${o.seed}): ${m}`);
  };
  // Findings are collected (first example and count per rule broken) so one run shows every class.
  const findings = new Map<string, { count: number; first: string }>();
  const finding = (rule: string, where: string) => {
    const cur = findings.get(rule) ?? { count: 0, first: where };
    cur.count++;
    findings.set(rule, cur);
  };
  const dataDir = await tempDir('tagteam-fuzz-');
  // No message rate limit here: every frame must reach the decoders and validators, not be turned
  // away as rate_limited (the limit itself is tested in resilience.abuse.test.ts).
  const server = await spawnStressServer(dataDir, {
    env: { TAGTEAM_MAX_MESSAGE_BYTES: String(o.maxMessageBytes), TAGTEAM_COMPACT_AFTER: '200', TAGTEAM_MAX_MESSAGES_PER_SEC: '1000000' },
  });
  const sessions: FuzzSession[] = [];
  const health = startHealthSampler(server.url, 50);
  const f: FrameFuzzFigures = {
    seed: o.seed, frames: 0, byKind: {}, answeredOk: 0, answeredError: 0, connectionsClosed: 0, validWrites: 0, acceptedMutations: 0,
    healthzSamples: 0, healthzP99Ms: 0, healthzMaxMs: 0, loopMaxMs: 0, rssStartMb: 0, rssEndMb: 0, layersAudited: 0, durationS: 0, findings: [],
  };
  try {
    const ws = await seedWorkspace(server, { texts: Array.from({ length: o.sessions }, () => TEXT) });
    const users: Session[] = [ws.ann1, ws.ann2, ws.reviewer, ws.owner];
    for (let i = 0; i < o.sessions; i++) {
      const u = users[i % users.length]!;
      const s = new FuzzSession(server.url, u.cookie, `${ws.docIds[i]}/shared`, u.userId, TEXT.length, 15_000);
      await s.connect();
      await s.writeBase(rng(o.seed + i), 3);
      sessions.push(s);
    }
    f.rssStartMb = Math.round((await server.probe()).rssMb);
    await server.child.request<ProcStats>('stats');
    const perSession = Math.ceil(o.frames / o.sessions);
    await Promise.all(
      sessions.map(async (s, si) => {
        const r = rng(o.seed * 7919 + si);
        for (let i = 0; i < perSession; i++) {
          let frame = makeFrame(r, s, o.maxMessageBytes);
          while (o.kinds && !o.kinds.some((k) => frame.kind.includes(k))) frame = makeFrame(r, s, o.maxMessageBytes);
          const where = `session ${si} frame ${i} (${frame.kind}${frame.detail ? `: ${frame.detail}` : ''})`;
          f.byKind[frame.kind] = (f.byKind[frame.kind] ?? 0) + 1;
          f.frames++;
          const out = await s.send(() => frame.emit(s), frame.expect !== 'sent' && frame.expect !== 'may-close');
          if (server.child.proc.exitCode !== null || server.child.proc.signalCode !== null) fail(`${where}: the server process died`);
          if (out.kind === 'hang') fail(`${where}: no answer within 15 s`);
          if (out.kind === 'ok') f.answeredOk++;
          if (out.kind === 'error') f.answeredError++;
          if (frame.expect === 'ok' && out.kind !== 'ok') finding(`a valid write was refused`, `${where}: ${JSON.stringify(out)}`);
          if (frame.expect === 'invalid' && out.kind === 'ok') finding(`an invalid value was accepted: ${(frame.detail ?? frame.kind).slice(0, 20)}…`, where);
          if (frame.expect === 'invalid' && out.kind === 'error' && out.code !== 'invalid_update') finding(`an invalid value was refused as ${out.code}`, where);
          const closed = out.kind === 'closed' || ((frame.expect === 'sent' || frame.expect === 'may-close') && !(await s.alive()));
          if (!closed) continue;
          if (frame.expect !== 'may-close') finding('a well-formed event closed the connection', `${where} → ${out.kind}, socket ${s.sock!.open ? 'open' : `closed ${s.sock!.closeInfo} ${s.sock!.readError?.message ?? ''}`}`);
          f.connectionsClosed++;
          await s.connect();
          if (si === 0 && i % 2000 === 1999) o.log?.(`${f.frames} frames, ${f.connectionsClosed} connections closed, healthz max ${health.max().toFixed(1)} ms`);
        }
      }),
    );
    f.loopMaxMs = Math.round((await server.child.request<ProcStats>('stats')).loopMaxMs);
    f.rssEndMb = Math.round((await server.probe()).rssMb);
    health.stop();
    Object.assign(f, { healthzSamples: health.count(), healthzP99Ms: round(health.p(0.99)), healthzMaxMs: round(health.max()) });
    if (health.failures() > 0) fail(`${health.failures()} /healthz requests failed or took over 5 s`);
    for (const s of sessions) s.close();
    await server.stop();
    const audit = await auditDataDir(dataDir);
    for (const p of audit.problems) finding(`a stored layer is corrupt or invalid: ${p.replace(/^[^:]*: [^:]*: /, '')}`, p);
    f.layersAudited = audit.layers;
    for (const s of sessions) {
      const stored = audit.byName.get(s.layer)?.content.spans;
      for (const [key, v] of s.expected) {
        const got = stored?.get(key as never);
        if (!got || JSON.stringify(got) !== JSON.stringify(v)) finding('a valid write is not stored as written', `${s.layer} ${key}: ${JSON.stringify(got)}`);
      }
      f.validWrites += s.expected.size;
      f.acceptedMutations += (stored?.size ?? 0) - s.expected.size;
    }
    f.findings = [...findings].map(([rule, x]) => `${rule} (${x.count}×), first: ${x.first}`);
    f.durationS = Math.round((performance.now() - t0) / 100) / 10;
    return f;
  } finally {
    health.stop();
    for (const s of sessions) s.close();
    await server.kill().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
