/**
 * npm run samples -- --scale 0.05 --seed 7 --out samples
 * Regenerates the synthetic Birmingham sample files. Scale 1 is about 450,000 people aged 0–25; the
 * committed set is scale 0.05, seed 7 (full scale belongs in the git-ignored samples/full).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generatePeriodSamples, generateSamples, TRUTH_FILE, writeSamples } from './generate';
import { EARLIER_PERIODS, periodRecipe } from './periods';

/** The samples recipe, if the output folder has one: each earlier quarter gets a copy pointing at its own extracts. */
export const SAMPLES_RECIPE = 'birmingham.recipe.json';

function writePeriodRecipes(out: string): string[] {
  const recipePath = path.join(out, SAMPLES_RECIPE);
  if (!fs.existsSync(recipePath)) return [];
  const latest = JSON.parse(fs.readFileSync(recipePath, 'utf8')) as Record<string, unknown>;
  return EARLIER_PERIODS.map((period) => {
    const name = `birmingham-${period.slug}.recipe.json`;
    fs.writeFileSync(path.join(out, name), `${JSON.stringify(periodRecipe(latest, period), null, 2)}\n`);
    return name;
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.05' },
      seed: { type: 'string', default: '7' },
      out: { type: 'string', default: 'samples' },
    },
  });
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`--scale must be a positive number, got ${values.scale}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const out = path.resolve(values.out);
  const started = Date.now();
  const files = generateSamples({ seed, scale });
  writeSamples(out, files);
  const periodFiles = generatePeriodSamples({ seed, scale });
  fs.rmSync(path.join(out, 'periods'), { recursive: true, force: true });
  writeSamples(out, periodFiles);
  const recipes = writePeriodRecipes(out);
  const truth = JSON.parse((files.get(TRUTH_FILE) as Buffer).toString('utf8')) as { city: { population: number; distinctPeople: Record<string, number> } };
  console.log(`Synthetic Birmingham, seed ${seed}, scale ${scale}: ${truth.city.population.toLocaleString('en-GB')} people aged 0-25`);
  for (const [agency, count] of Object.entries(truth.city.distinctPeople)) console.log(`  ${agency.padEnd(12)} ${count.toLocaleString('en-GB')} people`);
  for (const [name, bytes] of files) console.log(`  ${name.padEnd(40)} ${(bytes.length / 1024).toFixed(0).padStart(6)} KB`);
  console.log(`  earlier quarters: ${periodFiles.size} files under periods/; recipes ${recipes.join(', ') || '(no samples recipe in the folder)'}`);
  console.log(`Written to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
