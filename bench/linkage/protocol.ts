/** What the linkage bench's child (./child.ts) reports, and the answer key it is scored against. */
import fs from 'node:fs';
import path from 'node:path';
import type { PrecisionRecall } from '../../electron/engine/linkage';

export const RECIPE_FILE_NAME = 'birmingham.recipe.json';

export interface LinkageRunReport {
  /** Wall time of the linkage stage alone (decisions, linking, review pairs, persons). */
  readonly wallMs: number;
  /** CPU time of the whole child during the stage, DuckDB's threads included. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly records: number;
  readonly people: number;
  /** The stage's own phases in ms (LinkageOutcome.phases, and persons). */
  readonly phases: Readonly<Record<string, number>>;
  readonly probabilisticMerges: number;
  readonly candidatePairs: number;
  readonly score: {
    readonly all: PrecisionRecall;
    readonly withinSources: PrecisionRecall;
    readonly pairs: readonly { readonly label: string; readonly score: PrecisionRecall }[];
    readonly withinSource: readonly { readonly label: string; readonly score: PrecisionRecall }[];
  };
}

/** The generator's truth_links.csv: "file|row" → true person. */
export function readTruth(folder: string): Map<string, string> {
  const truth = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(folder, 'truth_links.csv'), 'utf8').split(/\r?\n/).slice(1)) {
    const [file, , row, person] = line.split(',');
    if (file !== undefined && row !== undefined && person !== undefined) truth.set(`${file}|${row}`, person);
  }
  return truth;
}
