// The CLI entry: `tagteam <command> …`. Each command is a module in this folder that works on the
// same SQLite file as the server (DATA_DIR), so it can run beside a live server (WAL, busy timeout).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../../db/store.ts';
import { loadConfig } from '../config.ts';
import { COMMANDS } from './commands.ts';

const USAGE = `tagteam — command-line tool for a Tagteam data folder (DATA_DIR, default ./data)

${COMMANDS.map((c) => `  tagteam ${c.usage}\n      ${c.summary}`).join('\n')}
`;

export interface CliContext {
  store: Store;
  args: string[];
  options: Record<string, string | boolean | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stdout.write(USAGE);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: tagteam ${cmd.usage}\n`);
    return 2;
  }
  const config = loadConfig();
  const store = await openStore(path.join(config.dataDir, 'tagteam.sqlite'));
  try {
    return await cmd.run({
      store,
      args: parsed.positionals,
      options: parsed.values as CliContext['options'],
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
    });
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
