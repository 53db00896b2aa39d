// The store: opens the SQLite file, applies migrations, and exposes one sub-store per job.
// It is the only code that writes SQL.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DocumentStore } from './document.store.ts';
import { LayerStore } from './layer.store.ts';
import { ProjectStore } from './project.store.ts';
import { ReviewStore } from './review.store.ts';
import { SetStore } from './set.store.ts';
import { UserStore } from './user.store.ts';
import { migrate } from './migrate.ts';
import { Sqlite } from './sqlite.ts';

export interface Store {
  db: Sqlite;
  layers: LayerStore;
  users: UserStore;
  projects: ProjectStore;
  documents: DocumentStore;
  sets: SetStore;
  review: ReviewStore;
  schemaVersion: number;
  close(): Promise<void>;
}

export async function openStore(file: string, opts: { synchronous?: 'FULL' | 'NORMAL' } = {}): Promise<Store> {
  await mkdir(path.dirname(file), { recursive: true });
  const db = await Sqlite.open(file, opts);
  const schemaVersion = await migrate(db);
  return {
    db,
    layers: new LayerStore(db),
    users: new UserStore(db),
    projects: new ProjectStore(db),
    documents: new DocumentStore(db),
    sets: new SetStore(db),
    review: new ReviewStore(db),
    schemaVersion,
    close: () => db.close(),
  };
}
