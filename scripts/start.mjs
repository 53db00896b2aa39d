// `npm start`: builds the browser client when its sources are newer than the build, then runs the
// server in this same process (so this process id is the one to signal).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { register } from 'tsx/esm/api';

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

const built = 'dist/client/index.html';
if (existsSync('client/index.html')) {
  const stale = !existsSync(built) || Math.max(newest('client'), newest('shared')) > statSync(built).mtimeMs;
  if (stale) {
    console.log('Building the client…');
    const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
register();
await import('../server/main.ts');
