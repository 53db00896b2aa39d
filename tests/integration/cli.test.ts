// The CLI (`npx tagteam …` through bin/tagteam.js) against a real data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/server.ts';
import { TEST_SCHEMA } from '../helpers/api.ts';

const BIN = fileURLToPath(new URL('../../bin/tagteam.js', import.meta.url));

function tagteam(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('creates a user and a project from a schema file, imports documents and shows status', async () => {
  const dir = await tempDir();
  assert.match(tagteam(dir, 'user', 'create', 'olga', '--password', 'olga-password').out, /created olga/);
  assert.equal(tagteam(dir, 'user', 'create', 'olga', '--password', 'olga-password').code, 1, 'a taken name fails');
  const schemaFile = path.join(dir, 'schema.json');
  await writeFile(schemaFile, JSON.stringify(TEST_SCHEMA));
  const created = tagteam(dir, 'project', 'create', schemaFile, '--name', 'News', '--owner', 'olga', '--mode', 'independent', '--overlap', '1');
  assert.equal(created.code, 0, created.err);
  const pid = /created project (\S+)/.exec(created.out)![1]!;
  assert.match(tagteam(dir, 'user', 'create', 'ann', '--password', 'ann-password').out, /created/);
  assert.equal(tagteam(dir, 'project', 'add-member', pid, 'ann', 'annotator').code, 0);

  const file = path.join(dir, 'docs.jsonl');
  await writeFile(file, [JSON.stringify({ text: 'Ada met Charles.' }), JSON.stringify({ text: 'In London.', spans: [{ start: 3, end: 9, label: 'GPE' }] })].join('\n'));
  const imp = tagteam(dir, 'import', pid, file, '--by', 'olga');
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /imported 2 documents, 1 spans/);
  assert.match(imp.err, /2\/2 documents/);

  const status = tagteam(dir, 'status', pid);
  assert.equal(status.out.split('\n').filter((l) => /\bnew\b/.test(l)).length, 2);
  assert.match(status.out, /\[ann\]/, 'documents were assigned to the annotator');
});

test('an import with a bad line fails with its line number and imports nothing', async () => {
  const dir = await tempDir();
  tagteam(dir, 'user', 'create', 'olga', '--password', 'olga-password');
  const schemaFile = path.join(dir, 'schema.json');
  await writeFile(schemaFile, JSON.stringify(TEST_SCHEMA));
  const pid = /created project (\S+)/.exec(tagteam(dir, 'project', 'create', schemaFile, '--name', 'N', '--owner', 'olga').out)![1]!;
  const file = path.join(dir, 'bad.jsonl');
  await writeFile(file, `${JSON.stringify({ text: 'fine' })}\n{oops\n`);
  const r = tagteam(dir, 'import', pid, file, '--by', 'olga');
  assert.equal(r.code, 1);
  assert.match(r.err, /nothing was imported.*line 2/);
  assert.match(tagteam(dir, 'status').out, /no documents/);
});

test('bad arguments print the usage and exit 2', async () => {
  const dir = await tempDir();
  const r = tagteam(dir, 'project', 'create');
  assert.equal(r.code, 2);
  assert.match(r.err, /usage: tagteam project/);
  assert.equal(tagteam(dir, 'frobnicate').code, 2);
});
