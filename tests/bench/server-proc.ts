// Starts the server under test (ours: server-entry.ts, or the peer: peer-entry.ts) in a fresh
// process with a fresh temp data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnChild, type Child } from './ipc.ts';

export type Target = 'ours' | 'peer';

export interface ServerProc {
  child: Child;
  port: number;
  close(): Promise<void>;
}

/**
 * Diagnostics: BENCH_SERVER_FLAGS="--trace-gc …" adds node flags to both servers (they print to
 * stdout); BENCH_SYNCHRONOUS=NORMAL runs ours without fsync, to show what fsync costs (the
 * product default, and every figure that counts, is FULL).
 */
const serverFlags = (): string[] => (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

export async function startServer(target: Target, env: Record<string, string> = {}): Promise<ServerProc> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tagteam-bench-'));
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.YPERSISTENCE; // the peer must run in memory, as documented
  // BENCH_CPU_PROF=<folder>: the server writes .cpuprofile files under <folder>/<target>/ on exit,
  // one per thread (the main thread's is the big one; tsx's loader thread writes a small one).
  const prof = process.env.BENCH_CPU_PROF;
  const { child, ready } = await spawnChild(
    target === 'ours' ? './server-entry.ts' : './peer-entry.ts',
    { ...base, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', TAGTEAM_SQLITE_SYNCHRONOUS: process.env.BENCH_SYNCHRONOUS ?? 'FULL', TAGTEAM_DEMO: '0', ...env },
    [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.join(prof, target)}`] : []), ...serverFlags()],
  );
  return {
    child,
    port: (ready as { port: number }).port,
    async close() {
      await child.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
