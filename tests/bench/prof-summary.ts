// Summarizes a V8 .cpuprofile (e.g. from `BENCH_CPU_PROF=/tmp/prof npm run bench -- relay`, which
// runs the server under test with --cpu-prof): self time by function, by file/package, and
// inclusive time of selected functions.
//   node --import tsx tests/bench/prof-summary.ts FILE.cpuprofile [top=25] [inclusive-regex]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (!file) throw new Error('usage: prof-summary.ts FILE.cpuprofile [top] [inclusive-regex]');
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);

// Self time per node from the sample timeline (more exact than hitCount × mean interval).
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i + 1] ?? 0)));
const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const p = /\/work\/main\/(.*)$/.exec(url);
  return p ? p[1]! : url || '(native)';
};
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

function add(map: Map<string, number>, k: string, v: number) {
  map.set(k, (map.get(k) ?? 0) + v);
}
const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  add(fnSelf, label(n), us);
  add(fileSelf, n.callFrame.url ? where(n.callFrame.url) : n.callFrame.functionName, us);
}

const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
};
console.log(`profile: ${((prof.endTime - prof.startTime) / 1e6).toFixed(1)} s wall, ${(totalUs / 1e6).toFixed(2)} s sampled`);
print('self time by function', fnSelf);
print('self time by file / package', fileSelf);

if (inclusiveArg) {
  // Inclusive time of every function matching the regex, counted once per stack (no double count
  // under recursion).
  const re = new RegExp(inclusiveArg);
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (re.test(l) && !seen.has(l)) {
        seen.add(l);
        add(incl, l, us);
      }
    }
  }
  print(`inclusive time of functions matching /${inclusiveArg}/`, incl);
}

// The longest stretches of the main thread without an idle sample (what an event-loop stall is
// made of), each with the functions that took most of it.
const stretches: Array<{ startMs: number; us: number; fns: Map<string, number> }> = [];
let cur: (typeof stretches)[number] | null = null;
let at = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i + 1] ?? 0;
  at += prof.timeDeltas[i] ?? 0;
  const n = byId.get(id)!;
  if (n.callFrame.functionName === '(idle)') {
    cur = null;
    return;
  }
  if (!cur) stretches.push((cur = { startMs: at / 1000, us: 0, fns: new Map() }));
  cur.us += dt;
  add(cur.fns, label(n), dt);
});
console.log('\nlongest busy stretches (no idle sample)');
for (const s of stretches.sort((a, b) => b.us - a.us).slice(0, 5)) {
  const fns = [...s.fns].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, us]) => `${(us / 1000).toFixed(1)} ms ${k}`);
  console.log(`${(s.us / 1000).toFixed(1).padStart(7)} ms at ${(s.startMs / 1000).toFixed(2)} s: ${fns.join('; ')}`);
}
