import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSamples, TRUTH_FILE } from './generate';

const SAMPLES_DIRECTORY = fileURLToPath(new URL('../', import.meta.url));

describe('the committed sample set', () => {
  it('is exactly what the generator makes now for scale 0.05, seed 7 (regenerate with npm run samples if this fails)', () => {
    const generated = generateSamples({ seed: 7, scale: 0.05 });
    const committedTruth = fs.readFileSync(`${SAMPLES_DIRECTORY}${TRUTH_FILE}`, 'utf8');
    expect(JSON.parse(committedTruth)).toEqual(JSON.parse((generated.get(TRUTH_FILE) as Buffer).toString('utf8')));
    for (const [name, bytes] of generated) {
      const committed = fs.readFileSync(`${SAMPLES_DIRECTORY}${name}`);
      expect(committed.equals(bytes), `${name} differs from the generator's output`).toBe(true);
    }
  });
});
