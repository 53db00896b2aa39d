// Starts a real Tagteam server on port 0 over a real SQLite file in a temp folder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../db/store.ts';
import { createApp, type App } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { openAccess } from '../../server/hub/open-access.ts';
import type { LayerAccess } from '../../server/hub/access.ts';
import { bootstrap } from '../../server/bootstrap.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestServer {
  url: string;
  port: number;
  app: App;
  store: Store;
  config: Config;
  dataDir: string;
  dbFile: string;
  /** Closes the app and the store; keeps the data folder unless `wipe`. */
  stop(opts?: { wipe?: boolean }): Promise<void>;
}

export async function tempDir(prefix = 'tagteam-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/**
 * `mode: 'open'` runs the hub alone (anyone may join any layer, no schema): for sync tests.
 * The default runs the real policy with sessions; the admin's password is ADMIN_PASSWORD.
 */
export async function startServer(
  opts: { config?: Partial<Config>; access?: LayerAccess; dataDir?: string; mode?: 'open' | 'auth' } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const config: Config = { ...loadConfig({}), dataDir, port: 0, logLevel: 'silent', synchronous: 'NORMAL', adminPassword: ADMIN_PASSWORD, demo: false, ...opts.config };
  const dbFile = path.join(dataDir, 'tagteam.sqlite');
  const store = await openStore(dbFile, { synchronous: config.synchronous });
  const log = createLogger(config.logLevel);
  const open = opts.mode === 'open' || opts.access !== undefined;
  if (!open) await bootstrap(store, config, log, () => undefined);
  const app = createApp({ store, config, log, ...(open ? { access: opts.access ?? openAccess, anonymousSockets: true } : {}) });
  const addr = await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    port: addr.port,
    app,
    store,
    config,
    dataDir,
    dbFile,
    async stop({ wipe = true } = {}) {
      await app.close();
      await store.close();
      if (wipe) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
