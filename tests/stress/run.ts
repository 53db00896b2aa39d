// `npm run stress` runs every long resilience campaign; `npm run stress -- NAME…` runs the ones
// named (exact name first, else substring). Prints each campaign's figures and the rules it found
// broken; exits 1 if any campaign failed or found something. TAGTEAM_SEED picks the seed (printed),
// STRESS_SOAK_MS the soak's length (default 30 minutes).
import { CAMPAIGNS, type Campaign } from './campaigns.ts';

function select(args: string[]): Campaign[] {
  if (args.length === 0) return CAMPAIGNS;
  return [
    ...new Set(
      args.flatMap((a) => {
        const exact = CAMPAIGNS.filter((c) => c.name === a);
        const found = exact.length > 0 ? exact : CAMPAIGNS.filter((c) => c.name.includes(a));
        if (found.length === 0) throw new Error(`no campaign matches "${a}"; known: ${CAMPAIGNS.map((c) => c.name).join(', ')}`);
        return found;
      }),
    ),
  ];
}

const seed = Number(process.env.TAGTEAM_SEED ?? Date.now() % 1_000_000);
const campaigns = select(process.argv.slice(2).filter((a) => a !== '--'));
let failed = false;
for (const c of campaigns) {
  const t = performance.now();
  const stamp = () => `${((performance.now() - t) / 1000).toFixed(0).padStart(5)} s`;
  console.log(`\n== ${c.name}: ${c.description} (seed ${seed})`);
  try {
    const { figures, problems } = await c.run(seed, (line) => console.log(`${stamp()}  ${line}`));
    const width = Math.max(...Object.keys(figures).map((k) => k.length));
    for (const [k, v] of Object.entries(figures)) console.log(`   ${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    if (problems.length > 0) {
      failed = true;
      console.log(`   FOUND ${problems.length}:`);
      for (const p of problems) console.log(`   - ${p}`);
    } else console.log('   passed');
  } catch (err) {
    failed = true;
    console.log(`   FAILED: ${(err as Error).stack ?? String(err)}`);
  }
  console.log(`   (${stamp()}; rerun with TAGTEAM_SEED=${seed} npm run stress -- ${c.name})`);
}
process.exit(failed ? 1 : 0);
