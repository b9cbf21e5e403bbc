import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../shared/api';
import type { AreaView, PublishedCount, VillageJson } from '../../shared/village';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { REPOSITORY_ROOT, samplesRecipeInputs } from './harness';

/**
 * The samples recipe run by the `village` command twice over the same extracts: as shipped (suppression) and
 * with `disclosure.method: "cell-key"`. The perturbed run publishes no count from 1 to 4, keeps every zero,
 * moves every larger count by at most 2, and says so in village.json, report.html and village.xlsx; its
 * dashboards are perturbed with the same keys, so a dashboard's count and the village's for the same people agree.
 */

let folder: string;
let suppressed: VillageJson;
let perturbed: VillageJson;

function runSamples(method: 'suppression' | 'cell-key'): string {
  const inputs = path.join(folder, method);
  fs.mkdirSync(inputs);
  for (const [name, bytes] of Object.entries(samplesRecipeInputs())) fs.writeFileSync(path.join(inputs, name), bytes);
  const recipePath = path.join(inputs, 'birmingham.recipe.json');
  const recipe = JSON.parse(fs.readFileSync(recipePath, 'utf8')) as { disclosure: Record<string, unknown> };
  if (method === 'cell-key') fs.writeFileSync(recipePath, JSON.stringify({ ...recipe, disclosure: { ...recipe.disclosure, method } }, null, 2));
  const out = path.join(folder, `out-${method}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'electron/cli/village.ts'), 'run', recipePath, '--out', out, '--workspace', path.join(folder, `ws-${method}`)], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0) throw new Error(`village run (${method}) failed: ${result.stderr}`);
  return out;
}

/** Every count of an area by where it sits: population, partition categories, indicator counts and denominators. */
function countsOf(area: AreaView): Map<string, PublishedCount> {
  const counts = new Map<string, PublishedCount>([['population', area.population]]);
  for (const partition of area.partitions) for (const category of partition.categories) counts.set(`${partition.partition}: ${category.label}`, category.count);
  for (const indicator of area.indicators) {
    counts.set(`${indicator.id} count`, indicator.count);
    if (indicator.denominator.display !== '') counts.set(`${indicator.id} denominator`, indicator.denominator);
  }
  return counts;
}

let perturbedOut: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-cell-key-'));
  suppressed = JSON.parse(fs.readFileSync(path.join(runSamples('suppression'), 'village.json'), 'utf8')) as VillageJson;
  perturbedOut = runSamples('cell-key');
  perturbed = JSON.parse(fs.readFileSync(path.join(perturbedOut, 'village.json'), 'utf8')) as VillageJson;
}, 600_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('the samples recipe with disclosure.method "cell-key"', () => {
  it('publishes no count from 1 to 4, keeps every zero at zero and moves the rest by at most 2', () => {
    expect(suppressed.suppression.method).toBe('suppression');
    expect(perturbed.suppression.method).toBe('cell-key');
    let zeros = 0;
    let compared = 0;
    let moved = 0;
    for (const area of perturbed.areas) {
      const shipped = suppressed.areas.find((candidate) => candidate.code === area.code);
      expect(shipped, area.code).toBeDefined();
      const before = countsOf(shipped as AreaView);
      for (const [where, cell] of countsOf(area)) {
        const label = `${area.name}: ${where}`;
        expect(cell.value, label).not.toBeNull();
        expect([1, 2, 3, 4], label).not.toContain(cell.value);
        // The shipped run shows zero as zero and every count from 5 up exactly; hidden cells say nothing here.
        const exact = before.get(where)?.value ?? null;
        if (exact === null) continue;
        if (exact === 0) {
          expect(cell.value, label).toBe(0);
          zeros += 1;
        } else if (exact >= 7) {
          expect(Math.abs((cell.value as number) - exact), label).toBeLessThanOrEqual(2);
          if (cell.value !== exact) moved += 1;
        }
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(500);
    expect(zeros).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(50);
  });

  it('perturbs the dashboards with the same keys: no 1 to 4, nothing hidden, and the village\'s figures for the same people', async () => {
    const workspace = await openWorkspace({ location: path.join(folder, 'ws-cell-key'), threads: 1 });
    let dashboards: Dashboard[];
    try {
      const reader = await workspace.connection.runAndReadAll('SELECT dashboards_json FROM vw.recipe_runs');
      dashboards = JSON.parse(String(reader.getRows()[0]?.[0])) as Dashboard[];
    } finally {
      await workspace.close();
    }
    expect(dashboards.map((dashboard) => dashboard.suppression)).toEqual([perturbed.suppression.rule, perturbed.suppression.rule]);
    let counts = 0;
    for (const chart of dashboards.flatMap((dashboard) => dashboard.charts)) {
      for (const series of chart.series) {
        const shown = chart.unit === 'count' ? series.display : [...(series.counts ?? []), ...(series.denominators ?? [])];
        for (const text of shown) {
          expect(['1', '2', '3', '4', 'c'], `${chart.id} ${series.name}`).not.toContain(text);
          counts += 1;
        }
      }
    }
    expect(counts).toBeGreaterThan(200);
    // EHC plans by locality (people aged 0–25 with a plan) are the village's ehc_plan indicator: the same people, the same count.
    const ehc = dashboards.flatMap((dashboard) => dashboard.charts).find((chart) => chart.id === 'send-ehc-by-locality');
    const localities = perturbed.areas.filter((area) => area.level === 'locality');
    expect(ehc?.series[0]?.counts?.slice(0, localities.length)).toEqual(localities.map((area) => area.indicators.find((indicator) => indicator.id === 'ehc_plan')?.count.display));
  });

  it('publishes every ward\'s village partitions, so report.html draws the ward maps of the village of 100', () => {
    const wards = perturbed.areas.filter((area) => area.level === 'ward');
    expect(wards).toHaveLength(69);
    const partitions = perturbed.areas.find((area) => area.level === 'city')?.partitions.map((partition) => partition.partition);
    for (const ward of wards) {
      expect(ward.partitions.map((partition) => partition.partition), ward.name).toEqual(partitions);
      for (const partition of ward.partitions) expect(partition.total, `${ward.name} ${partition.partition}`).toEqual(ward.population);
    }
    const report = fs.readFileSync(path.join(perturbedOut, 'report.html'), 'utf8');
    for (const partition of partitions ?? []) expect(report, partition).toMatch(new RegExp(`<figure class="map" data-level="ward" data-partition="${partition}"`));
  });

  it('says the counts are perturbed in report.html and village.xlsx', () => {
    expect(fs.readFileSync(path.join(perturbedOut, 'report.html'), 'utf8')).toContain('Counts are perturbed by the cell-key method');
    const workbook = XLSX.read(fs.readFileSync(path.join(perturbedOut, 'village.xlsx')), { type: 'buffer' });
    const about = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets['About this data']!, { header: 1 });
    expect(about.find((row) => row[0] === 'Perturbation')?.[1]).toMatch(/^Counts are perturbed/);
  });
});
