// Entry point: read config, open the store, start the app, and shut down cleanly on signals.
import path from 'node:path';
import { openStore } from '../db/store.ts';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { bootstrap } from './bootstrap.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);
const store = await openStore(path.join(config.dataDir, 'tagteam.sqlite'), { synchronous: config.synchronous });
await bootstrap(store, config, log);
const app = createApp({ store, config, log });
const addr = await app.listen();
log.info(`Tagteam listening on http://${addr.address}:${addr.port}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: no new connections, committing what is queued');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close();
    await store.close();
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
