import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatePeriodSamples, generateSamples, TRUTH_FILE } from './generate';
import { EARLIER_PERIODS, periodRecipe } from './periods';

const SAMPLES_DIRECTORY = fileURLToPath(new URL('../', import.meta.url));
const OPTIONS = { seed: 7, scale: 0.05 };

function committedFiles(folder: string): string[] {
  return fs.readdirSync(path.join(SAMPLES_DIRECTORY, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(SAMPLES_DIRECTORY, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('the committed sample set', () => {
  it('is exactly what the generator makes now for scale 0.05, seed 7 (regenerate with npm run samples if this fails)', () => {
    const generated = generateSamples(OPTIONS);
    const committedTruth = fs.readFileSync(`${SAMPLES_DIRECTORY}${TRUTH_FILE}`, 'utf8');
    expect(JSON.parse(committedTruth)).toEqual(JSON.parse((generated.get(TRUTH_FILE) as Buffer).toString('utf8')));
    for (const [name, bytes] of generated) {
      const committed = fs.readFileSync(`${SAMPLES_DIRECTORY}${name}`);
      expect(committed.equals(bytes), `${name} differs from the generator's output`).toBe(true);
    }
  });

  it('has under periods/ exactly the files the generator writes for the earlier quarters, byte for byte', () => {
    const generated = generatePeriodSamples(OPTIONS);
    expect(committedFiles('periods')).toEqual([...generated.keys()].sort());
    for (const [name, bytes] of generated) {
      expect(fs.readFileSync(`${SAMPLES_DIRECTORY}${name}`).equals(bytes), `${name} differs from the generator's output`).toBe(true);
    }
  });

  it("has each earlier quarter's recipe as the generator derives it from the samples recipe, naming only committed files", () => {
    const latest = JSON.parse(fs.readFileSync(`${SAMPLES_DIRECTORY}birmingham.recipe.json`, 'utf8')) as Record<string, unknown>;
    for (const period of EARLIER_PERIODS) {
      const committed = JSON.parse(fs.readFileSync(`${SAMPLES_DIRECTORY}birmingham-${period.slug}.recipe.json`, 'utf8')) as { sources: { file: string }[] };
      expect(committed, period.slug).toEqual(periodRecipe(latest, period));
      for (const source of committed.sources) expect(fs.existsSync(`${SAMPLES_DIRECTORY}${source.file}`), `${period.slug}: ${source.file}`).toBe(true);
    }
  });
});
