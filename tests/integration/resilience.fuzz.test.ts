// Short fuzzing campaigns for `npm test` (the long ones: `npm run stress -- fuzz`, `http-fuzz`,
// `import-fuzz`): hostile real-time frames, HTTP requests and import files against a running
// server — no crash, no hang, no 5xx, no corrupt layer, every refusal atomic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFrameFuzz } from '../stress/fuzz.campaign.ts';
import { runHttpFuzz } from '../stress/fuzz.http.ts';
import { runImportFuzz } from '../stress/fuzz.import.ts';

const seed = Number(process.env.TAGTEAM_SEED ?? 20261128);

test(`3,000 hostile frames crash nothing, stall nothing, and leave every layer valid with every valid write stored (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runFrameFuzz({ seed, frames: 3000, sessions: 4, maxMessageBytes: 64 * 1024 });
  const { byKind: _k, findings, ...figures } = f;
  console.log(`frame fuzz: ${JSON.stringify(figures)}`);
  assert.equal(f.frames >= 3000, true);
  assert.ok(f.validWrites > 200 && f.answeredError > 1000, 'both valid and hostile frames were answered');
  assert.ok(f.healthzMaxMs < 5000, `/healthz answered within 5 s throughout (max ${f.healthzMaxMs} ms)`);
  assert.deepEqual(findings, []);
});

test(`400 hostile HTTP requests over every route get 4xx JSON errors, never a 5xx, and refused ones change nothing (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runHttpFuzz({ seed, requests: 400 });
  console.log(`HTTP fuzz: ${JSON.stringify(f.byStatus)}, slowest ${f.maxMs} ms`);
  assert.ok(Object.keys(f.byStatus).length >= 5, 'the requests reached many different outcomes');
  assert.deepEqual(f.findings, []);
});

test(`200 mutated import files of every format are imported whole or not at all (seed ${seed})`, { timeout: 120_000 }, async () => {
  const f = await runImportFuzz({ seed, imports: 200 });
  console.log(`import fuzz: ${f.accepted} accepted (${f.documentsImported} documents), ${f.refused} refused`);
  assert.ok(f.accepted > 10 && f.refused > 50, 'both outcomes were exercised');
  assert.ok(Object.keys(f.byFormat).length >= 8, `every importable format was tried (${Object.keys(f.byFormat).join(', ')})`);
  assert.deepEqual(f.findings, []);
});
