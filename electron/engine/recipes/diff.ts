/**
 * What changed between two stored runs: per area and measure, the published displays before and after
 * (village partitions and indicators, and every dashboard figure), and the sources whose SHA-256 changed.
 * Only published displays are compared, so a diff never shows a count that disclosure control hid.
 */
import type { StoredRun } from './run-store';
import { areaMeasureTable, dashboardFigures } from '../outputs';

export interface RecipeDiff {
  readonly from: string;
  readonly to: string;
  readonly changes: { area: string; measure: string; before: string; after: string }[];
  readonly sourcesChanged: { id: string; beforeSha256: string | null; afterSha256: string | null }[];
}

const COUNT = 3;
const DENOMINATOR = 4;
const RATE = 5;

function figures(run: StoredRun): Map<string, { area: string; measure: string; display: string }> {
  const map = new Map<string, { area: string; measure: string; display: string }>();
  const add = (area: string, measure: string, display: string): void => {
    map.set(JSON.stringify([area, measure]), { area, measure, display });
  };
  for (const row of areaMeasureTable(run.village).rows) {
    const area = `${String(row[1])} (${String(row[0])})`;
    const measure = String(row[2]);
    add(area, `${measure} · count`, String(row[COUNT]));
    add(area, `${measure} · ${measure.includes(': ') ? 'total' : 'denominator'}`, String(row[DENOMINATOR]));
    add(area, `${measure} · ${String(row[6])}`, String(row[RATE]));
  }
  for (const dashboard of run.dashboards) for (const figure of dashboardFigures(dashboard)) add(figure.area, figure.measure, figure.display);
  return map;
}

export function diffRuns(before: StoredRun, after: StoredRun): RecipeDiff {
  const old = figures(before);
  const current = figures(after);
  const changes: RecipeDiff['changes'] = [];
  for (const key of new Set([...old.keys(), ...current.keys()])) {
    const a = old.get(key);
    const b = current.get(key);
    if (a?.display === b?.display) continue;
    changes.push({ area: (a ?? b)?.area ?? '', measure: (a ?? b)?.measure ?? '', before: a?.display ?? '', after: b?.display ?? '' });
  }
  const oldSources = new Map(before.village.sources.map((source) => [source.id, source.sha256]));
  const newSources = new Map(after.village.sources.map((source) => [source.id, source.sha256]));
  const sourcesChanged = [...new Set([...oldSources.keys(), ...newSources.keys()])]
    .filter((id) => oldSources.get(id) !== newSources.get(id))
    .map((id) => ({ id, beforeSha256: oldSources.get(id) ?? null, afterSha256: newSources.get(id) ?? null }));
  return { from: before.summary.runId, to: after.summary.runId, changes, sourcesChanged };
}
