// A tiny request/response channel over Node's child-process IPC, so the runner can drive the
// server under test and the load generators as separate processes (each with its own core time
// and GC) without sharing anything but messages.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

interface Request {
  id: number;
  cmd: string;
  arg?: unknown;
}
type Reply = { id: number; result?: unknown; error?: string } | { event: string; data?: unknown };

export interface ProcStats {
  /** Resident set size now, MB. */
  rssMb: number;
  /** User + system CPU time since start, ms. */
  cpuMs: number;
  /** Write-family syscalls since start (Linux /proc/self/io `syscw`; NaN elsewhere). */
  writeSyscalls: number;
  /** Event-loop delay since the previous `stats` call, ms: how long ready work waited. */
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

export interface Child {
  proc: ChildProcess;
  request<T>(cmd: string, arg?: unknown): Promise<T>;
  /** Resolves on the next event of that name the child emits. */
  once<T>(event: string): Promise<T>;
  onEvent(f: (event: string, data: unknown) => void): void;
  /** Asks the child to exit cleanly (so --cpu-prof can write), then kills it if it lingers. */
  stop(): Promise<void>;
}

/** Starts `tests/bench/<file>` under tsx with an IPC channel; resolves when it says `ready`. */
export function spawnChild(file: string, env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<{ child: Child; ready: unknown }> {
  const proc = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // BENCH_PIN=1 (diagnostic): servers on CPU 0, load generators on CPU 1, so the clients never wait
  // for a core the server's threads hold. Threads started later inherit the main thread's CPU.
  if (process.env.BENCH_PIN === '1' && proc.pid !== undefined) {
    execFileSync('taskset', ['-a', '-p', '-c', /gen-load/.test(file) ? '1' : '0', String(proc.pid)], { stdio: 'ignore' });
  }
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: Array<(event: string, data: unknown) => void> = [];
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.on('message', (m: Reply) => {
    if ('event' in m) {
      for (const l of [...listeners]) l(m.event, m.data);
      return;
    }
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(`${file}: ${m.error}`));
    else p?.resolve(m.result);
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`${file} exited`));
    pending.clear();
  });
  const child: Child = {
    proc,
    request<T>(cmd: string, arg?: unknown) {
      return new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        proc.send({ id, cmd, arg } satisfies Request);
      });
    },
    once<T>(event: string) {
      return new Promise<T>((resolve) => {
        const l = (e: string, data: unknown) => {
          if (e !== event) return;
          listeners.splice(listeners.indexOf(l), 1);
          resolve(data as T);
        };
        listeners.push(l);
      });
    },
    onEvent(f) {
      listeners.push(f);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      child.request('exit').catch(() => undefined);
      await exited;
      clearTimeout(kill);
    },
  };
  return new Promise((resolve, reject) => {
    const fail = () => reject(new Error(`${file} exited before it was ready`));
    proc.once('exit', fail);
    void child.once('ready').then((ready) => {
      proc.off('exit', fail);
      resolve({ child, ready });
    });
  });
}

/** Child side: answers requests with `handlers`; `stats` and `exit` are built in. */
export function serve(handlers: Record<string, (arg: unknown) => unknown>, onExit: () => Promise<void> = async () => undefined): void {
  loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const send = (m: Reply) => process.send?.(m);
  process.on('message', (m: Request) => {
    void (async () => {
      try {
        if (m.cmd === 'exit') {
          await onExit();
          send({ id: m.id, result: null });
          process.exit(0);
        }
        const h = m.cmd === 'stats' ? procStats : handlers[m.cmd];
        if (!h) throw new Error(`unknown command ${m.cmd}`);
        send({ id: m.id, result: await h(m.arg) });
      } catch (err) {
        send({ id: m.id, error: (err as Error).stack ?? String(err) });
      }
    })();
  });
  // The parent going away must not leave a server or 1,000 sockets behind.
  process.on('disconnect', () => process.exit(0));
}

export function emitEvent(event: string, data?: unknown): void {
  process.send?.({ event, data } satisfies Reply);
}

let loop: IntervalHistogram | null = null;

function writeSyscalls(): number {
  try {
    return Number(/^syscw: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

function procStats(): ProcStats {
  const cpu = process.cpuUsage();
  const ms = (ns: number | undefined) => (ns ?? Number.NaN) / 1e6;
  const out = {
    rssMb: process.memoryUsage.rss() / 2 ** 20,
    cpuMs: (cpu.user + cpu.system) / 1000,
    writeSyscalls: writeSyscalls(),
    loopP50Ms: ms(loop?.percentile(50)),
    loopP99Ms: ms(loop?.percentile(99)),
    loopMaxMs: ms(loop?.max),
  };
  loop?.reset();
  return out;
}
