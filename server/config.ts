// Configuration from environment variables, read once at start-up and passed down as a value.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** SQLite synchronous mode: FULL fsyncs every commit (durable across power loss). */
  synchronous: 'FULL' | 'NORMAL';
  /** How long a layer stays in memory after its last client leaves. */
  unloadAfterMs: number;
  /** Largest real-time message the hub accepts; larger ones get a `too_large` error. */
  maxMessageBytes: number;
  /** Compact a layer's update log into one snapshot after this many appended updates. */
  compactAfterUpdates: number;
  /** Extra milliseconds to wait for more updates before a group commit (0 = next tick). */
  commitDelayMs: number;
  logLevel: string;
  /** Set behind an HTTPS proxy so session cookies are marked Secure. */
  secureCookies: boolean;
  adminPassword: string | undefined;
  /** Create the demo project on an empty database. */
  demo: boolean;
  /** Largest import file accepted. */
  maxImportBytes: number;
  /** Sign-in attempts allowed per client address in `loginWindowMs`. */
  loginLimit: number;
  loginWindowMs: number;
  /** Socket messages one connection may send per second (bursts of twice that); more get `rate_limited`. */
  maxMessagesPerSec: number;
  /** Bytes a connection may leave unread before the hub drops it as a slow consumer (it resyncs on reconnect). */
  maxUnreadBytes: number;
  /** Socket handshakes in progress at once (reconnect storms); more are refused and clients retry with backoff. */
  maxPendingHandshakes: number;
  /** How often live sockets' sessions are re-checked (password changes, expiry, sign-outs from the CLI). */
  sessionRecheckMs: number;
}

function int(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${key} must be a non-negative number, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const sync = (env.TAGTEAM_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('TAGTEAM_SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    synchronous: sync,
    unloadAfterMs: int(env, 'TAGTEAM_UNLOAD_AFTER_MS', 30_000),
    maxMessageBytes: int(env, 'TAGTEAM_MAX_MESSAGE_BYTES', 16 * 1024 * 1024),
    compactAfterUpdates: int(env, 'TAGTEAM_COMPACT_AFTER', 500),
    commitDelayMs: int(env, 'TAGTEAM_COMMIT_DELAY_MS', 0),
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.TAGTEAM_SECURE_COOKIES === '1',
    adminPassword: env.TAGTEAM_ADMIN_PASSWORD || undefined,
    demo: env.TAGTEAM_DEMO !== '0',
    maxImportBytes: int(env, 'TAGTEAM_MAX_IMPORT_BYTES', 64 * 1024 * 1024),
    loginLimit: int(env, 'TAGTEAM_LOGIN_LIMIT', 20),
    loginWindowMs: int(env, 'TAGTEAM_LOGIN_WINDOW_MS', 5 * 60 * 1000),
    maxMessagesPerSec: int(env, 'TAGTEAM_MAX_MESSAGES_PER_SEC', 200),
    maxUnreadBytes: int(env, 'TAGTEAM_MAX_UNREAD_BYTES', 48 * 1024 * 1024),
    maxPendingHandshakes: int(env, 'TAGTEAM_MAX_PENDING_HANDSHAKES', 256),
    sessionRecheckMs: int(env, 'TAGTEAM_SESSION_RECHECK_MS', 60_000),
  };
}
