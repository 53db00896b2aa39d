// Applies the numbered SQL files in db/migrations that the database has not seen, all in one
// transaction, and records the schema version in PRAGMA user_version.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Sqlite } from './sqlite.ts';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function migrate(db: Sqlite): Promise<number> {
  const files = (await readdir(DIR)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const current = Number((await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0);
  const pending = files.filter((f) => Number(f.slice(0, 3)) > current);
  if (pending.length === 0) return current;
  const scripts = await Promise.all(pending.map((f) => readFile(DIR + f, 'utf8')));
  const target = Number(pending.at(-1)!.slice(0, 3));
  await db.transaction(async () => {
    for (const sql of scripts) await db.exec(sql);
    // user_version takes no bound parameter; target is a number parsed from our own file name.
    await db.exec(`PRAGMA user_version = ${target}`);
  });
  return target;
}
