// Starts tests/helpers/stress-server.ts as a child process (real app, real SQLite, IPC probe) on a
// chosen port, so a campaign can SIGKILL it and start it again where its clients reconnect.
import { spawnChild, type Child } from '../bench/ipc.ts';
import { ADMIN_PASSWORD } from './server.ts';
import type { KillPoint, Probe } from './stress-server.ts';

export interface StressServer {
  url: string;
  port: number;
  child: Child;
  /** Resolves with the exit signal (e.g. 'SIGKILL') or code when the process is gone. */
  exited: Promise<string>;
  probe(): Promise<Probe>;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
  /** Graceful: close sockets, commit what is queued, close the store. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  port?: number;
  env?: Record<string, string>;
  /** Run the child with --expose-gc so probes report heap after a full GC. */
  gc?: boolean;
  /** Crash at an exact statement: the n-th of that kind (see stress-server.ts). */
  killAt?: { point: KillPoint; n: number };
}

export async function spawnStressServer(dataDir: string, opts: SpawnOptions = {}): Promise<StressServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    TAGTEAM_DEMO: '0',
    LOG_LEVEL: 'silent',
    TAGTEAM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TAGTEAM_SQLITE_SYNCHRONOUS: 'FULL',
    ...opts.env,
    ...(opts.killAt ? { STRESS_KILL_AT: `${opts.killAt.point}:${opts.killAt.n}` } : {}),
  };
  // A port just freed by a killed process is normally free at once; retry briefly if not.
  for (let attempt = 0; ; attempt++) {
    try {
      const { child, ready } = await spawnChild('../helpers/stress-server.ts', env, opts.gc ? ['--expose-gc'] : []);
      const port = (ready as { port: number }).port;
      const exited = new Promise<string>((resolve) => {
        const done = () => resolve(child.proc.signalCode ?? String(child.proc.exitCode));
        if (child.proc.exitCode !== null || child.proc.signalCode !== null) done();
        else child.proc.once('exit', done);
      });
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        child,
        exited,
        probe: () => child.request<Probe>('probe'),
        async kill() {
          child.proc.kill('SIGKILL');
          await exited;
        },
        stop: () => child.stop(),
      };
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
