/**
 * Property tests over random workspaces (issue #8: exports are safe to open; issue #5: disclosure). Each seed
 * makes a small synthetic city (test/support/random-workspace.ts) with a recipe varied at random, runs it as a
 * user does — `village run` (the CLI, through the engine's run store) — and then asks the engine for every
 * export the window offers. Read back, every file must hold:
 * - no raw identifier from the extracts (NHS number, UPN, name, date of birth, full postcode), and none in any
 *   workspace table, the audit trail, or anything printed;
 * - no count from 1 to threshold − 1: each is 0, at least the threshold, or the suppression symbol; no rate or
 *   per-100 figure built on a suppressed count or denominator;
 * - no text cell starting with = + - @ tab or CR, no formula, and numbers that are the numbers of village.json;
 * - nothing derivable: every figure of every export, and the lines that add them up, go into one ledger
 *   (test/support/disclosure-checker.ts); no hidden figure may follow from the rest, and no figure may be hidden
 *   in one export and shown in another;
 * - Explore's grouped exports perturbed (cell-key method): over pairs of groupings of the person index, their
 *   margins and totals, and a re-export after people leave and join, no small count is determined
 *   (test/support/perturbation-attack.ts), and the same people always show the same count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, ResponseOf } from '../../shared/api';
import type { VillageJson } from '../../shared/village';
import { runCommand } from '../../electron/cli/run-command';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { folderPolicy } from '../../electron/engine/file-access';
import { parseCsv } from '../../electron/engine/geography/csv';
import { publishedCounts } from '../../electron/engine/pipeline/publish';
import { perturbationTable } from '../../electron/engine/privacy/perturbation';
import { openWorkspace } from '../../electron/engine/workspace/workspace';
import { DisclosureLedger } from '../support/disclosure-checker';
import {
  countValue,
  type DashboardBandRate,
  type DashboardEquivalent,
  ethnicityTotalsArePopulations,
  plainText,
  recordDashboard,
  recordReportHtml,
  recordVillageCsv,
  recordVillageJson,
  recordVillageWorkbook,
  type VillageShape,
  workbookSheets,
} from '../support/export-ledger';
import { PerturbedTables, type PublishedFigure } from '../support/perturbation-attack';
import { recordReportMaps } from '../support/map-ledger';
import { createRandomWorkspace, type RandomWorkspace } from '../support/random-workspace';
import { OUTCOME_METHODS } from '../../electron/engine/village/outcomes';

/**
 * Seeds chosen to cover the variations: 10 (threshold 5; sex and age bands; child protection, EHC plans and SEN
 * support down to wards), 39 (threshold 10; "-" as the suppression symbol; nine indicators, most by ward; an acute
 * household need beside the domestic abuse notifications within it) and 19 (children in need beside looked after,
 * child protection plans and "in need, not looked after", all nested in it, down to wards: issue 20's
 * differencing) and 58 (the pair of Explore groupings whose difference gave a hidden count before perturbation).
 * EXPORT_PROPERTY_SEEDS=1,2,3 runs others (each takes about 15 s).
 */
const SEEDS = (process.env.EXPORT_PROPERTY_SEEDS ?? '10,39,58,19').split(',').map(Number);
const FORMULA_START = /^[=+\-@\t\r]/;
const EXPLORE_GROUPINGS = [['locality'], ['sex'], ['locality', 'sex']];
/** Columns of the person index from which each seed draws one more pair of groupings for the joint check. */
const GROUPING_COLUMNS = ['locality', 'sex', 'ethnicity', 'age', 'ward_code'];

/** Locality × sex (seed 58's attack), and a pair drawn from the seed. */
function groupingPairs(seed: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (let first = 0; first < GROUPING_COLUMNS.length; first += 1) {
    for (let second = first + 1; second < GROUPING_COLUMNS.length; second += 1) pairs.push([GROUPING_COLUMNS[first] as string, GROUPING_COLUMNS[second] as string]);
  }
  const drawn = pairs.filter(([a, b]) => !(a === 'locality' && b === 'sex'))[(seed * 7) % (pairs.length - 1)] as [string, string];
  return [['locality', 'sex'], drawn];
}

/** One pair of groupings exported by one, by the other and by both, before and after a change to the data. */
interface GroupingSystem {
  readonly pair: readonly [string, string];
  /** True counts of the finest cells, `first|second` (null as ''), before and after the change. */
  readonly before: ReadonlyMap<string, number>;
  readonly after: ReadonlyMap<string, number>;
  /** Finest cells that a person left or joined. */
  readonly touched: ReadonlySet<string>;
  readonly exports: readonly { readonly groupBy: readonly string[]; readonly phase: 'before' | 'after'; readonly rows: readonly (readonly string[])[] }[];
}

/**
 * The Explore export's rule (electron/engine/explore/view-export.ts): the latest run's symbol, and its threshold
 * but never below 5.
 */
function exploreRule(workspace: { readonly threshold: number; readonly symbol: string }): { threshold: number; symbol: string } {
  return { threshold: Math.max(5, workspace.threshold), symbol: workspace.symbol };
}

interface ExportedText {
  readonly name: string;
  readonly text: string;
}

interface Exports {
  readonly workspace: RandomWorkspace;
  readonly village: VillageJson;
  readonly dashboards: readonly Dashboard[];
  /** Every exported file as text (workbooks as their cells), for the identifier search. */
  readonly texts: readonly ExportedText[];
  readonly workbooks: ReadonlyMap<string, Uint8Array>;
  readonly csvs: ReadonlyMap<string, string>;
  readonly report: string;
  /** Everything the CLI and the engine printed while running. */
  readonly printed: string;
  /** Every workspace table as text, by schema.table. */
  readonly tables: ReadonlyMap<string, string>;
  readonly groupingSystems: readonly GroupingSystem[];
}

function workbookText(bytes: Uint8Array): string {
  const workbook = XLSX.read(bytes, { type: 'array' });
  return workbook.SheetNames.map((name) => `${name}\n${XLSX.utils.sheet_to_csv(workbook.Sheets[name] as XLSX.WorkSheet)}`).join('\n');
}

async function capturePrinted<T>(work: () => Promise<T>): Promise<{ result: T; printed: string }> {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const consoleOriginals = consoleMethods.map((method) => console[method]);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  for (const method of consoleMethods) console[method] = (...values: unknown[]) => void chunks.push(values.map(String).join(' '));
  try {
    return { result: await work(), printed: chunks.join('') };
  } finally {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    consoleMethods.forEach((method, index) => {
      console[method] = consoleOriginals[index] as (typeof console)[typeof method];
    });
  }
}

async function call<T>(engine: Engine, method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function filesUnder(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function runAndExport(seed: number, folder: string): Promise<Exports> {
  const workspace = createRandomWorkspace(seed, folder);
  const workspaceFolder = path.join(folder, 'ws');
  const outDir = path.join(folder, 'out');
  const { result: exitCode, printed } = await capturePrinted(() => runCommand([workspace.recipePath, '--out', outDir, '--workspace', workspaceFolder]));
  if (exitCode !== 0) throw new Error(`village run exited ${exitCode}: ${printed}`);

  const { result: exports, printed: printedByEngine } = await capturePrinted(() => exportEverything(workspace, workspaceFolder, outDir));
  const groupingSystems = await exportGroupingsAroundAChange(seed, workspaceFolder, workspace);
  return { ...exports, groupingSystems, printed: `${printed}${printedByEngine}` };
}

const cellSql = (pair: readonly [string, string]): string => pair.map((column) => `coalesce(CAST("${column}" AS VARCHAR), '')`).join(` || '|' || `);

async function finestCounts(engine: Engine, pair: readonly [string, string]): Promise<Map<string, number>> {
  const reader = await engine.workspace.connection.runAndReadAll(`SELECT ${cellSql(pair)} AS cell, count(*) AS n FROM persons GROUP BY ALL`);
  return new Map(reader.getRowObjectsJson().map((row) => [String(row.cell), Number(row.n)]));
}

async function exportPair(engine: Engine, pair: readonly [string, string], phase: 'before' | 'after'): Promise<GroupingSystem['exports']> {
  const files = [];
  for (const groupBy of [[pair[0]], [pair[1]], [...pair]]) {
    const file = await call<ResponseOf<'exportView'>>(engine, 'exportView', { view: { kind: 'table', table: 'persons', groupBy, columns: [...groupBy, 'row_count'] }, format: 'csv' });
    files.push({ groupBy, phase, rows: parseCsv(Buffer.from(file.bytes).toString('utf8')) });
  }
  return files;
}

/**
 * Explore's csv exports of each pair of groupings; then two people leave the person index and one joins (a
 * copy of another under a new id), and, from a fresh engine as after a re-run, the same exports again.
 */
async function exportGroupingsAroundAChange(seed: number, workspaceFolder: string, workspace: RandomWorkspace): Promise<GroupingSystem[]> {
  const pairs = groupingPairs(seed);
  const open = async (): Promise<Engine> => createEngine(await openWorkspace({ location: workspaceFolder, threads: 1 }), folderPolicy([workspace.dataFolder]));
  const before: { pair: [string, string]; counts: Map<string, number>; files: GroupingSystem['exports'] }[] = [];
  let joined: string;
  const first = await open();
  try {
    for (const pair of pairs) before.push({ pair, counts: await finestCounts(first, pair), files: await exportPair(first, pair, 'before') });
    const connection = first.workspace.connection;
    const chosen = await connection.runAndReadAll('SELECT person_id FROM persons ORDER BY hash(person_id, $seed) LIMIT 3', { seed });
    const [copied, ...leaving] = chosen.getRows().map((row) => String(row[0])) as [string, ...string[]];
    joined = `joined-${copied}`;
    await connection.run('DELETE FROM persons WHERE list_contains(CAST($ids AS VARCHAR[]), person_id)', { ids: `[${leaving.join(',')}]` });
    await connection.run('INSERT INTO persons SELECT * REPLACE ($joined AS person_id) FROM persons WHERE person_id = $id', { joined, id: copied });
  } finally {
    await first.close();
  }
  const second = await open();
  try {
    const systems: GroupingSystem[] = [];
    for (const entry of before) {
      const after = await finestCounts(second, entry.pair);
      const joinedCell = await second.workspace.connection.runAndReadAll(`SELECT ${cellSql(entry.pair)} AS cell FROM persons WHERE person_id = $joined`, { joined });
      const touched = new Set(joinedCell.getRows().map((row) => String(row[0])));
      for (const cell of new Set([...entry.counts.keys(), ...after.keys()])) if ((after.get(cell) ?? 0) !== (entry.counts.get(cell) ?? 0)) touched.add(cell);
      systems.push({ pair: entry.pair, before: entry.counts, after, touched, exports: [...entry.files, ...(await exportPair(second, entry.pair, 'after'))] });
    }
    return systems;
  } finally {
    await second.close();
  }
}

interface AttackedGroup {
  readonly figure: PublishedFigure;
  readonly phase: 'before' | 'after';
  readonly label: string;
  /** Whether a person left or joined any of its cells. */
  readonly touched: boolean;
}

/** The attacker's figures of one pair of groupings over its finest cells, and the cells' two-way layout. */
function attackerTables(system: GroupingSystem, threshold: number): { tables: PerturbedTables; groups: AttackedGroup[]; rectangles: number[][] } {
  const firstValues = new Set<string>();
  const secondValues = new Set<string>();
  for (const cell of [...system.before.keys(), ...system.after.keys()]) {
    const [first, second] = cell.split('|') as [string, string];
    firstValues.add(first);
    secondValues.add(second);
  }
  const isNote = (row: readonly string[]): boolean => String(row[0]).startsWith('Counts are perturbed');
  for (const file of system.exports) {
    for (const row of file.rows.slice(1)) {
      if (row[0] === 'Total' || isNote(row)) continue;
      if (file.groupBy.length === 2) {
        firstValues.add(plainText(row[0] as string));
        secondValues.add(plainText(row[1] as string));
      } else (file.groupBy[0] === system.pair[0] ? firstValues : secondValues).add(plainText(row[0] as string));
    }
  }
  const firsts = [...firstValues].sort();
  const seconds = [...secondValues].sort();
  const cellKeys = firsts.flatMap((first) => seconds.map((second) => `${first}|${second}`));
  const truth = cellKeys.map((key) => system.before.get(key) ?? 0);
  const offsetOf = (cells: readonly number[]): number => cells.reduce((sum, cell) => sum + (system.after.get(cellKeys[cell] as string) ?? 0) - (truth[cell] as number), 0);
  const figures: PublishedFigure[] = [];
  const groups: AttackedGroup[] = [];
  const add = (cells: number[], value: number, phase: 'before' | 'after', label: string): void => {
    const offset = phase === 'after' ? offsetOf(cells) : 0;
    const figure: PublishedFigure = { cells, value, where: `${phase} ${label}`, ...(offset === 0 ? {} : { offset }) };
    figures.push(figure);
    groups.push({ figure, phase, label, touched: cells.some((cell) => system.touched.has(cellKeys[cell] as string)) });
  };
  for (const file of system.exports) {
    const shown = new Map<string, number>();
    let total: number | undefined;
    for (const row of file.rows.slice(1)) {
      if (isNote(row)) continue;
      const value = Number(row[file.groupBy.length]);
      if (row[0] === 'Total' && (file.groupBy.length === 1 || row[1] === '')) total = value;
      else {
        // Were a group published as 0 listed, its absence would prove a group empty (seed 19: listed with 0,
        // then absent once a known person left, its count was 1 exactly).
        expect(value, `${file.phase} by ${file.groupBy.join(' and ')}: ${row.join(',')}`).not.toBe(0);
        shown.set(file.groupBy.map((_, index) => plainText(row[index] as string)).join('|'), value);
      }
    }
    const by = file.groupBy.join(' and ');
    const position = file.groupBy.length === 2 ? -1 : file.groupBy[0] === system.pair[0] ? 0 : 1;
    const labels = position === -1 ? cellKeys : position === 0 ? firsts : seconds;
    for (const label of labels) {
      const cells = cellKeys.flatMap((key, index) => ((position === -1 ? key === label : key.split('|')[position] === label) ? [index] : []));
      // A group missing from an export is published as 0: empty, or small and perturbed to 0.
      add(cells, shown.get(label) ?? 0, file.phase, `by ${by}: ${label}`);
    }
    expect(total, `${file.phase} by ${by}`).toBeDefined();
    add(cellKeys.map((_, index) => index), total as number, file.phase, `by ${by}: total`);
  }
  const rectangles = firsts.map((first) => seconds.map((second) => cellKeys.indexOf(`${first}|${second}`)));
  return { tables: new PerturbedTables(truth, figures, perturbationTable(threshold)), groups, rectangles };
}

/** Every export of the stored run, asked of the engine as the window asks, and the workspace's tables as text. */
async function exportEverything(workspace: RandomWorkspace, workspaceFolder: string, outDir: string): Promise<Omit<Exports, 'printed' | 'groupingSystems'>> {
  const engine = createEngine(await openWorkspace({ location: workspaceFolder, threads: 1 }), folderPolicy([workspace.dataFolder]));
  try {
    const village = await call<VillageJson>(engine, 'getVillage', {});
    const dashboards = [await call<Dashboard>(engine, 'getDashboard', { id: 'send' }), await call<Dashboard>(engine, 'getDashboard', { id: 'building-safety' })];
    const workbooks = new Map<string, Uint8Array>();
    const csvs = new Map<string, string>();
    const texts: ExportedText[] = [];
    const views: { view: unknown; format: string; name: string }[] = [
      { view: { kind: 'village' }, format: 'xlsx', name: 'exportView village.xlsx' },
      { view: { kind: 'village' }, format: 'csv', name: 'exportView village.csv' },
      { view: { kind: 'report' }, format: 'html', name: 'exportView report.html' },
      ...['xlsx', 'html'].map((format) => ({ view: { kind: 'outcomes' }, format, name: `exportView outcomes city.${format}` })),
      ...village.areas.filter((area) => area.level === 'locality').slice(0, 2).flatMap((area) => ['xlsx', 'html'].map((format) => ({ view: { kind: 'outcomes', area: area.name }, format, name: `exportView outcomes ${area.name}.${format}` }))),
      ...dashboards.flatMap((dashboard) => ['xlsx', 'csv'].map((format) => ({ view: { kind: 'dashboard', id: dashboard.id }, format, name: `exportView ${dashboard.id}.${format}` }))),
      // The Explore grid's grouped views of the person index: one-way and two-way, whose margins meet.
      ...EXPLORE_GROUPINGS.flatMap((groupBy) => ['xlsx', 'csv'].map((format) => ({ view: { kind: 'table', table: 'persons', groupBy }, format, name: `exportView persons by ${groupBy.join(' and ')}.${format}` }))),
    ];
    for (const { view, format, name } of views) {
      const file = await call<ResponseOf<'exportView'>>(engine, 'exportView', { view, format });
      if (format === 'xlsx') {
        workbooks.set(name, file.bytes);
        texts.push({ name, text: workbookText(file.bytes) });
      } else {
        const text = Buffer.from(file.bytes).toString('utf8');
        if (format === 'csv') csvs.set(name, text);
        texts.push({ name, text });
      }
    }
    for (const file of filesUnder(outDir)) {
      const name = `village run --out ${path.relative(outDir, file)}`;
      const bytes = new Uint8Array(fs.readFileSync(file));
      if (file.endsWith('.xlsx')) {
        workbooks.set(name, bytes);
        texts.push({ name, text: workbookText(bytes) });
      } else {
        const text = Buffer.from(bytes).toString('utf8');
        if (file.endsWith('.csv')) csvs.set(name, text);
        texts.push({ name, text });
      }
    }
    for (const source of village.sources) {
      const stored = await engine.dispatch('getValidationReport', { table: `src_${source.id}` });
      if (stored.ok) texts.push({ name: `getValidationReport ${source.id}`, text: JSON.stringify(stored.value) });
    }

    const tables = new Map<string, string>();
    const connection = engine.workspace.connection;
    const listed = await connection.runAndReadAll("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL");
    for (const { schema_name: schema, table_name: table } of listed.getRowObjectsJson()) {
      const rows = await connection.runAndReadAll(`SELECT t::VARCHAR AS row_text FROM "${String(schema)}"."${String(table)}" t`);
      tables.set(`${String(schema)}.${String(table)}`, rows.getRowObjectsJson().map((row) => String(row.row_text)).join('\n'));
    }
    const report = texts.find((entry) => entry.name === 'village run --out report.html')?.text ?? '';
    return { workspace, village, dashboards, texts, workbooks, csvs, report, tables };
  } finally {
    await engine.close();
  }
}

/** A keyed pseudonym: 22 base64url characters, which hold short runs that look like a postcode or a name by chance. */
const PSEUDONYM = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;

/**
 * Identifiers found in the text, pseudonyms aside: NHS numbers, UPNs and postcodes anywhere inside a run of
 * letters and digits (postcodes also across one space), names as whole words, dates of birth as ISO or
 * day/month/year dates.
 */
function leakedIdentifiers(rawText: string, workspace: RandomWorkspace, options: { datesOfBirth: boolean }): string[] {
  const { identifiers } = workspace;
  // The method statements are the engine's own fixed text (their authors' names are not anyone's in the data).
  const text = OUTCOME_METHODS.reduce((remaining, line) => remaining.split(line).join(' '), rawText.replace(PSEUDONYM, ' '));
  const found = new Set<string>();
  const windows = (run: string, length: number, within: ReadonlySet<string>): void => {
    for (let start = 0; start + length <= run.length; start += 1) {
      const candidate = run.slice(start, start + length);
      if (within.has(candidate)) found.add(candidate);
    }
  };
  const postcodes = new Set([...identifiers.postcodes].map((postcode) => postcode.replace(' ', '')));
  const runs = [...text.toUpperCase().matchAll(/[A-Z0-9]+( (?=[0-9][A-Z]{2}))?/g)].map((match) => match[0]);
  runs.forEach((run, index) => {
    windows(run, 10, identifiers.nhsNumbers);
    windows(run, 13, identifiers.upns);
    // A postcode with its space splits into two runs: the outward code ends one, the inward code starts the next.
    const joined = run.endsWith(' ') ? `${run.trimEnd()}${(runs[index + 1] ?? '').slice(0, 3)}` : run;
    for (const length of [5, 6, 7]) windows(joined, length, postcodes);
  });
  const words = new Set(text.toLowerCase().split(/[^a-z]+/));
  for (const name of identifiers.names) if (words.has(name)) found.add(name);
  if (options.datesOfBirth) {
    // The reference date and the period's first and last days are the recipe's, not anyone's date of birth.
    const period = workspace.recipe.period as { start?: string; end?: string } | undefined;
    const recipeDates = new Set([String(workspace.recipe.referenceDate), period?.start, period?.end]);
    const dates = new Set([...text.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((match) => match[0]));
    for (const match of text.matchAll(/(\d{2})\/(\d{2})\/(\d{4})/g)) dates.add(`${match[3]}-${match[2]}-${match[1]}`);
    for (const date of dates) if (!recipeDates.has(date) && identifiers.datesOfBirth.has(date)) found.add(date);
  }
  return [...found];
}

function villageShape(exports: Exports): VillageShape {
  const ageFields = (exports.workspace.recipe as unknown as { population: { ageFields: Record<string, number> } }).population.ageFields;
  return { village: exports.village, populationAges: Object.values(ageFields), ethnicityIsPopulation: ethnicityTotalsArePopulations(exports.village), nested: nestedIndicators(exports) };
}

/**
 * Indicators of the recipe whose people nest, by their definitions (matched on the definition, not the id):
 * looked after, a child protection plan, and in need but not looked after are all children in need; a domestic
 * abuse notification is an acute household need. Looked after and not looked after split children in need.
 */
function nestedIndicators(exports: Exports): { parent: string; child: string; difference?: string }[] {
  const recipe = exports.workspace.recipe as unknown as { indicators: { id: string; kind?: string; ageRange?: number[]; numerator?: unknown; denominator?: unknown }[]; sources: { id: string; spec: string }[] };
  const sourceOf = (spec: string): string | undefined => recipe.sources.find((source) => source.spec === spec)?.id;
  const find = (ageRange: number[], numerator: unknown): string | undefined =>
    recipe.indicators.find((indicator) => indicator.kind !== 'share' && JSON.stringify(indicator.ageRange) === JSON.stringify(ageRange) && JSON.stringify(indicator.numerator) === JSON.stringify(numerator) && indicator.denominator === 'population')?.id;
  const social = sourceOf('socialcare-episodes');
  const police = sourceOf('police-domestic-abuse');
  const found: { parent: string; child: string; difference?: string }[] = [];
  const add = (parent: string | undefined, child: string | undefined, difference?: string): void => {
    if (parent !== undefined && child !== undefined) found.push({ parent, child, ...(difference === undefined ? {} : { difference }) });
  };
  if (social !== undefined) {
    const inNeedCondition = { source: social, exists: true };
    const lookedAfterCondition = { source: social, field: 'looked_after', equals: true };
    const inNeed = find([0, 17], inNeedCondition);
    const lookedAfter = find([0, 17], lookedAfterCondition);
    const notLookedAfter = find([0, 17], { allOf: [inNeedCondition, { not: lookedAfterCondition }] });
    add(inNeed, lookedAfter, notLookedAfter);
    add(inNeed, notLookedAfter, lookedAfter);
    add(inNeed, find([0, 17], { source: social, field: 'cp_plan_start', isNotNull: true }));
    if (police !== undefined) {
      const notification = { source: police, exists: true };
      const acute = recipe.indicators.find(
        (indicator) =>
          indicator.kind !== 'share' && JSON.stringify(indicator.ageRange) === JSON.stringify([0, 25]) && indicator.denominator === 'population' &&
          ((indicator.numerator as { anyOf?: unknown[] }).anyOf ?? []).some((part) => JSON.stringify(part) === JSON.stringify(notification)),
      )?.id;
      add(acute, find([0, 25], notification));
    }
  }
  return found;
}

/** Dashboard measures that are, by definition, a village indicator of the recipe (matched on the definition, not the id). */
function dashboardEquivalents(exports: Exports): DashboardEquivalent[] {
  const recipe = exports.workspace.recipe as unknown as { indicators: { id: string; kind?: string; ageRange?: number[]; numerator?: unknown; denominator?: unknown }[]; sources: { id: string; spec: string }[] };
  const sourceOf = (spec: string): string | undefined => recipe.sources.find((source) => source.spec === spec)?.id;
  const find = (ageRange: number[], numerator: unknown, denominator: unknown): string | undefined =>
    recipe.indicators.find((indicator) => indicator.kind !== 'share' && JSON.stringify(indicator.ageRange) === JSON.stringify(ageRange) && JSON.stringify(indicator.numerator) === JSON.stringify(numerator) && JSON.stringify(indicator.denominator) === JSON.stringify(denominator))?.id;
  const found: DashboardEquivalent[] = [];
  const social = sourceOf('socialcare-episodes');
  const ehc = sourceOf('education-ehc-plans');
  const census = sourceOf('education-school-census');
  const cp = social === undefined ? undefined : find([0, 17], { source: social, field: 'cp_plan_start', isNotNull: true }, 'population');
  if (cp !== undefined) found.push({ chartId: 'safety-child-protection-by-category', series: 'All categories', indicatorId: cp, shows: 'count' });
  const looked = social === undefined ? undefined : find([0, 17], { source: social, field: 'looked_after', equals: true }, 'population');
  if (looked !== undefined) found.push({ chartId: 'safety-looked-after-by-locality', series: 'Looked-after children per 1,000 children', indicatorId: looked, shows: 'rate', unit: 1000 });
  const plans = ehc === undefined ? undefined : find([0, 25], { source: ehc, exists: true }, 'population');
  if (plans !== undefined) found.push({ chartId: 'send-ehc-by-locality', series: 'EHC plans per 100 aged 0–25', indicatorId: plans, shows: 'rate', unit: 100 });
  const support = census === undefined ? undefined : find([0, 25], { source: census, field: 'sen_provision', equals: 'K' }, { persons: { source: census, exists: true } });
  if (support !== undefined) found.push({ chartId: 'send-sen-support-by-locality', series: 'SEN support per 100 pupils', indicatorId: support, shows: 'rate', unit: 100 });
  return found;
}

function ledgerOf(exports: Exports): DisclosureLedger {
  const ledger = new DisclosureLedger();
  const shape = villageShape(exports);
  recordVillageJson(ledger, shape, 'village.json');
  for (const [name, bytes] of exports.workbooks) {
    if (name.includes('village')) recordVillageWorkbook(ledger, shape, workbookSheets(bytes), name);
  }
  for (const [name, text] of exports.csvs) {
    if (name === 'exportView village.csv') recordVillageCsv(ledger, shape, parseCsv(text), name);
  }
  for (const { name, text } of exports.texts) {
    if (name.endsWith('report.html') && recordReportHtml(ledger, shape, text, name) < 20) throw new Error(`${name}: too few figures read back`);
    if (name.endsWith('report.html') && text.includes('<section id="maps"') && recordReportMaps(ledger, shape, text, name) === 0) throw new Error(`${name}: no map figure read back`);
    if (name.startsWith('exportView outcomes') && text.includes('class="outcome-maps-section"') && recordReportMaps(ledger, shape, text, name) === 0) throw new Error(`${name}: no map figure read back`);
  }
  const equivalents = dashboardEquivalents(exports);
  const plans = equivalents.find((entry) => entry.chartId === 'send-ehc-by-locality')?.indicatorId;
  const bandRates: DashboardBandRate[] = [{ chartId: 'send-by-age-band', series: 'EHC plans per 100 aged 0–25', unit: 100, ...(plans === undefined ? {} : { indicatorId: plans }) }];
  for (const dashboard of exports.dashboards) recordDashboard(ledger, dashboard, exports.village, equivalents, `dashboard ${dashboard.id}`, bandRates);
  return ledger;
}

for (const seed of SEEDS) {
  describe(`a random workspace (seed ${seed})`, () => {
    let folder: string;
    let exports: Exports;

    beforeAll(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), `export-properties-${seed}-`));
      exports = await runAndExport(seed, folder);
    }, 120_000);

    afterAll(() => {
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('exports every kind of file', () => {
      const names = exports.texts.map((entry) => entry.name);
      for (const expected of ['village run --out village.json', 'village run --out village.xlsx', 'village run --out report.html', 'exportView village.xlsx', 'exportView village.csv', 'exportView report.html', 'exportView send.xlsx', 'exportView send.csv', 'exportView building-safety.xlsx', 'exportView building-safety.csv', 'exportView persons by locality and sex.xlsx']) {
        expect(names).toContain(expected);
      }
      expect(names.some((name) => /validation\/.+\.csv$/.test(name))).toBe(true);
      expect(names.some((name) => name.startsWith('getValidationReport'))).toBe(true);
      expect(exports.village.suppression.threshold).toBe(exports.workspace.threshold);
    });

    it('leaves no raw identifier in any export, workspace table, audit line or printed output', () => {
      const { identifiers } = exports.workspace;
      expect(identifiers.nhsNumbers.size).toBeGreaterThan(50);
      expect(identifiers.upns.size).toBeGreaterThan(50);
      expect(identifiers.plantedNames.size).toBeGreaterThan(5);
      expect(identifiers.datesOfBirth.size).toBeGreaterThan(50);
      expect(identifiers.postcodes.size).toBeGreaterThan(50);
      // The search finds each kind of identifier when it is there.
      const [nhs, upn, postcode, name, dob] = [identifiers.nhsNumbers, identifiers.upns, identifiers.postcodes, identifiers.plantedNames, identifiers.datesOfBirth].map((set) => [...set][0] as string);
      const [year, month, day] = (dob as string).split('-');
      const probe = `x${nhs as string}y,${upn as string};(${postcode as string}) ${(name as string).toUpperCase()} ${day}/${month}/${year}`;
      expect(leakedIdentifiers(probe, exports.workspace, { datesOfBirth: true }).sort()).toEqual([nhs, upn, (postcode as string).replace(' ', ''), name, dob].sort());
      for (const { name, text } of exports.texts) expect(leakedIdentifiers(text, exports.workspace, { datesOfBirth: true }), name).toEqual([]);
      expect(leakedIdentifiers(exports.printed, exports.workspace, { datesOfBirth: true }), 'printed').toEqual([]);
      expect(exports.printed).toContain('Wrote');
      // Dates of birth are kept (ages need them); nothing else that identifies a person is.
      for (const [table, text] of exports.tables) {
        expect(leakedIdentifiers(text, exports.workspace, { datesOfBirth: table === 'vw.audit' }), table).toEqual([]);
      }
      expect([...exports.tables.keys()]).toContain('vw.audit');
    });

    it('shows every count as 0, at least the threshold, or the suppression symbol', () => {
      const { threshold, symbol } = exports.workspace;
      const counts = publishedCounts(exports.village);
      expect(counts.length).toBeGreaterThan(100);
      for (const count of counts) {
        if (count.value === null) expect(count.display).toBe(symbol);
        else expect(count.value === 0 || count.value >= threshold, `${count.value}`).toBe(true);
      }
      const shown = (value: number | null): boolean => value === null || value === 0 || value >= threshold;
      for (const dashboard of exports.dashboards) {
        for (const chart of dashboard.charts) {
          for (const series of chart.series) {
            series.values.forEach((value, index) => {
              if (value === null) expect([symbol, '']).toContain(series.display[index]);
              if (chart.unit === 'count') expect(shown(value), `${chart.id} ${series.name} ${chart.categories[index]}`).toBe(true);
            });
          }
        }
      }
      // The same through the files: every count column of every workbook and CSV.
      const countHeader = /^(People|Count|Denominator|Records|Merges|Merges across sources|Records linked by it|Kept apart|People in both|Also in another source|Only in this source)$/;
      const checkRows = (rows: readonly (readonly unknown[])[], where: string): number => {
        const columns = (rows[0] ?? []).map((label, index) => (countHeader.test(plainText(String(label))) ? index : -1)).filter((index) => index >= 0);
        let checked = 0;
        for (const row of rows.slice(1)) {
          for (const column of columns) {
            const cell = row[column];
            if (cell === '' || cell === undefined) continue;
            expect(shown(countValue(cell, symbol, where)), `${where} ${JSON.stringify(row)}`).toBe(true);
            checked += 1;
          }
        }
        return checked;
      };
      let checked = 0;
      for (const [name, bytes] of exports.workbooks) {
        for (const [sheet, rows] of workbookSheets(bytes)) {
          if (sheet !== 'About this data') checked += checkRows(rows, `${name} ${sheet}`);
        }
      }
      for (const [name, text] of exports.csvs) if (!name.includes('validation')) checked += checkRows(parseCsv(text), name);
      expect(checked).toBeGreaterThan(100);
      // Explore's grouped views: every group's count, by the run's rule (never below a threshold of 5).
      const explore = exploreRule(exports.workspace);
      for (const [name, text] of exports.csvs) {
        if (!name.startsWith('exportView persons by ')) continue;
        const rows = parseCsv(text);
        const countAt = (rows[0] ?? []).indexOf('row_count');
        expect(countAt, name).toBeGreaterThan(0);
        const groups = rows.slice(1).filter((row) => !String(row[0]).startsWith('Counts are perturbed'));
        expect(groups.length, name).toBe(rows.length - 2);
        for (const row of groups) {
          // Perturbed counts are numbers, never the symbol.
          const value = countValue(row[countAt], explore.symbol, name);
          expect(value !== null && (value === 0 || value >= explore.threshold), `${name} ${row.join(',')}`).toBe(true);
        }
      }
      const countCharts = exports.dashboards.flatMap((dashboard) => dashboard.charts.filter((chart) => chart.unit === 'count'));
      for (const [name, bytes] of exports.workbooks) {
        if (!name.includes('send') && !name.includes('building-safety')) continue;
        const sheets = workbookSheets(bytes);
        for (const chart of countCharts) {
          const rows = [...sheets.entries()].find(([sheet]) => chart.title.startsWith(sheet.trim()))?.[1];
          for (const row of (rows ?? []).slice(1)) for (const cell of row.slice(1)) expect(shown(countValue(cell, symbol, name)), `${name} ${chart.title}`).toBe(true);
        }
      }
    });

    it('withholds every rate and per-100 figure built on a suppressed count or denominator', () => {
      const { symbol } = exports.workspace;
      let withheld = 0;
      for (const area of exports.village.areas) {
        for (const figure of area.indicators) {
          if (figure.count.value === null || figure.denominator.value === null) {
            expect(figure.rate, `${area.name} ${figure.id}`).toBeNull();
            expect(figure.per100).toBeNull();
            if (figure.denominator.display !== '') expect(figure.rateDisplay).toBe(symbol);
            withheld += 1;
          }
        }
      }
      expect(withheld).toBeGreaterThan(0);
      for (const [name, bytes] of exports.workbooks) {
        const rows = workbookSheets(bytes).get('Indicators');
        if (rows === undefined) continue;
        for (const row of rows.slice(1)) {
          const [, , , count, denominator, rate, , of100] = row;
          if (countValue(count, symbol, name) === null || (denominator !== '' && countValue(denominator, symbol, name) === null)) {
            expect(typeof rate, `${name} ${JSON.stringify(row)}`).not.toBe('number');
            expect(typeof of100, `${name} ${JSON.stringify(row)}`).not.toBe('number');
          }
        }
      }
      for (const [name, text] of exports.csvs) {
        if (name !== 'exportView village.csv') continue;
        for (const row of parseCsv(text).slice(1)) {
          const [, , measure, count, denominator, rate] = row as string[];
          if (/^(sex|ageBand|ethnicity): /.test(plainText(measure as string))) continue;
          if (countValue(count, symbol, name) === null || (denominator !== '' && countValue(denominator, symbol, name) === null)) expect(rate, `${name} ${row.join(',')}`).not.toMatch(/^\d/);
        }
      }
      // The report shows a rate only beside a count and a denominator it shows.
      for (const match of exports.report.matchAll(/<tr><th scope="row">[^<]*<\/th><td>(.*?)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)) {
        const [, of100, count, denominator, rate] = match as unknown as [string, string, string, string, string];
        if (count === symbol.replaceAll('&', '&amp;') || (denominator !== '' && !/^\d+$/.test(denominator))) {
          expect(of100).not.toMatch(/<strong>\d/);
          expect(rate).not.toMatch(/^\d/);
        }
      }
    });

    it('neutralises every text cell that starts with a formula trigger and keeps numbers exact', () => {
      let neutralised = 0;
      for (const [name, bytes] of exports.workbooks) {
        const workbook = XLSX.read(bytes, { type: 'array', cellFormula: true });
        for (const sheetName of workbook.SheetNames) {
          const sheet = workbook.Sheets[sheetName] as XLSX.WorkSheet;
          for (const [address, cell] of Object.entries(sheet)) {
            if (address.startsWith('!')) continue;
            const value = cell as XLSX.CellObject;
            expect(value.f, `${name} ${sheetName}!${address}`).toBeUndefined();
            if (value.t === 's') {
              expect(String(value.v), `${name} ${sheetName}!${address}`).not.toMatch(FORMULA_START);
              if (/^'[=+\-@\t\r]/.test(String(value.v))) neutralised += 1;
            }
          }
        }
      }
      for (const [name, text] of exports.csvs) {
        for (const row of parseCsv(text)) {
          for (const field of row) {
            expect(field, name).not.toMatch(FORMULA_START);
            if (/^'[=+\-@\t\r]/.test(field)) neutralised += 1;
          }
        }
      }
      // The random recipe's title always reaches the About sheets; most seeds put triggers in labels too.
      const title = exports.village.title;
      if (FORMULA_START.test(title)) expect(neutralised).toBeGreaterThan(0);
    });

    it('writes each dashboard file with exactly the figures of the dashboard', () => {
      let compared = 0;
      for (const dashboard of exports.dashboards) {
        const expected = (chartIndex: number, seriesIndex: number, categoryIndex: number): string => {
          const series = dashboard.charts[chartIndex]?.series[seriesIndex];
          return String(series?.values[categoryIndex] ?? series?.display[categoryIndex] ?? '');
        };
        const sheets = [...workbookSheets(exports.workbooks.get(`exportView ${dashboard.id}.xlsx`) as Uint8Array).entries()];
        expect(sheets[0]?.[0]).toBe('About this data');
        expect(sheets).toHaveLength(dashboard.charts.length + 1);
        dashboard.charts.forEach((chart, chartIndex) => {
          const rows = sheets[chartIndex + 1]?.[1] ?? [];
          expect(rows.slice(1).map((row) => plainText(String(row[0])))).toEqual(chart.categories);
          // Each rate sits beside its count and denominator, as published.
          const header = (rows[0] ?? []).map((label) => String(label));
          chart.categories.forEach((_, categoryIndex) =>
            chart.series.forEach((series, seriesIndex) => {
              const column = header.indexOf(`${series.name} (${chart.unit})`);
              expect(plainText(String(rows[categoryIndex + 1]?.[column]))).toBe(expected(chartIndex, seriesIndex, categoryIndex));
              if (series.counts !== undefined) expect(plainText(String(rows[categoryIndex + 1]?.[header.indexOf(`${series.name}: count`)]))).toBe(series.counts[categoryIndex]?.replace(/,/g, ''));
              if (series.denominators !== undefined) expect(plainText(String(rows[categoryIndex + 1]?.[header.indexOf(`${series.name}: denominator`)]))).toBe(series.denominators[categoryIndex]?.replace(/,/g, ''));
              compared += 1;
            }),
          );
        });
        const csvRows = parseCsv(exports.csvs.get(`exportView ${dashboard.id}.csv`) as string).slice(1);
        const wanted = dashboard.charts.flatMap((chart, chartIndex) =>
          chart.series.flatMap((series, seriesIndex) => chart.categories.map((category, categoryIndex) => [chart.title, category, series.name, expected(chartIndex, seriesIndex, categoryIndex)])),
        );
        expect(csvRows.map(([title, category, series, , value]) => [title, plainText(category as string), series, plainText(value as string)])).toEqual(wanted);
        // Beside each rate, its count and denominator as published.
        const wantedFigures = dashboard.charts.flatMap((chart) =>
          chart.series.flatMap((series) =>
            chart.categories.map((_, index) => [chart.unit === 'count' ? String(series.values[index] ?? series.display[index] ?? '') : (series.counts?.[index] ?? '').replace(/,/g, ''), (series.denominators?.[index] ?? '').replace(/,/g, '')]),
          ),
        );
        expect(csvRows.map(([, , , , , count, denominator]) => [plainText(count as string), plainText(denominator as string)])).toEqual(wantedFigures);
      }
      expect(compared).toBeGreaterThan(50);
    });

    it("perturbs Explore's groupings so that no small count follows from two groupings, their margins and totals, or a re-export after a change", () => {
      // Issue 18. Suppressed one grouping at a time, seed 58 gave away the people placed in no locality (2):
      // Edgbaston, their complement in the export by locality, was shown cell by cell by locality and sex.
      const explore = exploreRule(exports.workspace);
      expect(exports.groupingSystems).toHaveLength(2);
      let attacked = 0;
      for (const system of exports.groupingSystems) {
        const { tables, groups, rectangles } = attackerTables(system, explore.threshold);
        // The published figures fit the true counts through the perturbation table (the model is right).
        expect(tables.misfits().map((figure) => figure.where), system.pair.join(' × ')).toEqual([]);
        const before = groups.filter((group) => group.phase === 'before');
        for (const group of before) {
          const size = group.figure.cells.reduce((sum, cell) => sum + (tables.truth[cell] as number), 0);
          const unplaced = system.pair[0] === 'locality' && group.label === 'by locality: ';
          if (!unplaced && (size === 0 || size >= explore.threshold)) continue;
          if (size === 0) continue;
          expect(tables.alternativeFor(group.figure.cells, rectangles), `${group.label} (${size} people)`).not.toBeNull();
          attacked += 1;
        }
        // The same people show the same count: the three totals, and every group untouched by the change.
        const totals = groups.filter((group) => group.label.endsWith(': total') && group.phase === 'before').map((group) => group.figure.value);
        expect(new Set(totals).size, `${system.pair.join(' × ')} totals ${totals.join(', ')}`).toBe(1);
        groups.filter((group) => group.phase === 'after' && !group.touched).forEach((group) => {
          const earlier = before.find((entry) => entry.label === group.label);
          expect(group.figure.value, group.label).toBe(earlier?.figure.value);
        });
        expect(groups.some((group) => group.phase === 'after' && group.touched)).toBe(true);
      }
      expect(attacked).toBeGreaterThan(0);
    });

    it('publishes the village partitions of every ward (where the run has wards) in village.json and on report.html\'s ward maps', () => {
      const wards = exports.village.areas.filter((area) => area.level === 'ward');
      const partitions = exports.village.village.partitions;
      for (const ward of wards) expect(ward.partitions.map((partition) => partition.partition), ward.code).toEqual(partitions);
      const report = exports.texts.find(({ name }) => name.endsWith('report.html'))?.text ?? '';
      if (wards.length > 0 && report.includes('<section id="maps"')) {
        for (const partition of partitions) expect(report, partition).toContain(`data-level="ward" data-partition="${partition}"`);
      }
    });

    it('publishes the same numbers in every export, and none that can be worked out from the rest', () => {
      const ledger = ledgerOf(exports);
      expect(ledger.shownKeys).toBeGreaterThan(100);
      expect(ledger.lineCount).toBeGreaterThan(20);
      expect(ledger.inconsistencies()).toEqual([]);
      expect(ledger.disclosures(exports.workspace.threshold)).toEqual([]);
    });

    it('leaves every hidden count a protection interval given whole, non-negative counts and the rounded rates: none pinned, none narrowed inside 1 to threshold − 1', () => {
      const ledger = ledgerOf(exports);
      expect(ledger.hiddenKeys).toBeGreaterThan(0);
      expect(ledger.boundDisclosures(exports.workspace.threshold)).toEqual([]);
    });
  });
}
