/**
 * Every synthetic extract in samples/ imported against its specification: the findings are exactly the
 * injected mess of the answer key (samples/truth.json, read only here), and no raw identifier from the
 * files survives anywhere in the workspace.
 *
 * How each mess type of the answer key shows up (no finding = the pipeline normalises it silently, and the
 * test checks the normalised value arrived):
 *   invalid_nhs_number → nhs-number-check (same rows)      invalid_upn → upn-check (same rows)
 *   missing_nhs_number → required-value (same rows)        duplicate_pupil_dual_registration → unique-error on UPN (same rows)
 *   duplicate_row → one finding per row: unique-error on the key ("…and the whole row repeats it") where the
 *     specification makes a key unique, duplicate-row otherwise (same rows)
 *   unresolvable_lsoa / _ward → foreign-key-error, except blank cells (no value to check: the row's area is unresolved instead)
 *   unresolvable_locality → constraint-error (not in the code list), except blank cells
 *   unresolvable_postcode → constraint-error for malformed postcodes; blank ones and the well-formed ZZ99 "no fixed
 *     abode" code are not format errors, and only a postcode lookup could place them
 *   suppressed_count_* → no finding; the marker lands in <field>_suppressed (same rows)
 *   totals_row (a feature) → dropped-row (same rows)
 *   date_as_excel_serial, date_as_text, boolean_variant, locality_name_variant, ward_name_variant,
 *   nhs_number_with_spaces, postcode_without_space, trailing_space, upper_case, name variants and typos,
 *   dob_day_month_swapped, factor_list_format_variant, missing_upn → no finding
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingRule } from '../../../shared/findings';
import { readCsvRows } from '../tabular/csv-reader';
import type { RawRow } from '../tabular/raw';
import { readXlsxRows } from '../xlsx/stream-reader';
import { openWorkspace, type Workspace } from '../workspace/workspace';
import { getSpecification } from '../specs/registry';
import { importWithSpecification, type SpecImportResult } from './spec-import';

const SAMPLES = path.resolve(import.meta.dirname, '../../../samples');
const sample = (name: string): string => path.join(SAMPLES, name);

interface TruthEntry {
  readonly type: string;
  readonly sheet: string | null;
  readonly column: string;
  readonly count: number;
  readonly rows: string;
}
interface Truth {
  mess: Record<string, { entries: TruthEntry[] }>;
  features: Record<string, { entries: TruthEntry[] }>;
}
const truth = JSON.parse(fs.readFileSync(sample('truth.json'), 'utf8')) as Truth;

function expandRows(compact: string): number[] {
  if (compact === '') return [];
  return compact.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    if (to === undefined) return [from as number];
    return Array.from({ length: to - (from as number) + 1 }, (_, index) => (from as number) + index);
  });
}

interface Case {
  readonly file: string;
  readonly specId: string;
  readonly table: string;
  /** The sheet whose truth entries this import covers (null for CSV). */
  readonly sheet: string | null;
}

const CASES: readonly Case[] = [
  { file: 'health_child_register.xlsx', specId: 'health-child-register', table: 'health_child_register', sheet: 'Child Health Register' },
  { file: 'health_mental_health_referrals.csv', specId: 'health-mental-health-referrals', table: 'mh_referrals', sheet: null },
  { file: 'education_school_census.xlsx', specId: 'education-school-census', table: 'school_census', sheet: 'Spring Census 2024' },
  { file: 'education_ehc_plans.csv', specId: 'education-ehc-plans', table: 'ehc_plans', sheet: null },
  { file: 'education_suspensions_exclusions.csv', specId: 'education-suspensions-exclusions', table: 'suspensions', sheet: null },
  { file: 'police_domestic_abuse.csv', specId: 'police-domestic-abuse', table: 'police_da', sheet: null },
  { file: 'socialcare_episodes.xlsx', specId: 'socialcare-episodes', table: 'sc_episodes', sheet: 'Episodes' },
  { file: 'socialcare_episodes.xlsx', specId: 'socialcare-ward-summary', table: 'sc_ward_summary', sheet: 'Summary by ward' },
  { file: 'population_estimates.xlsx', specId: 'population-estimates', table: 'population_age_sex', sheet: 'Age and sex' },
  { file: 'population_estimates.xlsx', specId: 'population-ethnicity', table: 'population_ethnicity', sheet: 'Ethnic group' },
  { file: 'voice_wellbeing_survey.csv', specId: 'voice-wellbeing-survey', table: 'survey', sheet: null },
];

/** Mess types whose rows must carry exactly this finding (and no others of it in that column). */
const EXACT: Readonly<Record<string, FindingRule>> = {
  invalid_nhs_number: 'nhs-number-check',
  invalid_upn: 'upn-check',
  missing_nhs_number: 'required-value',
  duplicate_row: 'duplicate-row',
  duplicate_pupil_dual_registration: 'unique-error',
  totals_row: 'dropped-row',
};
/** Mess types whose non-blank, malformed values carry this finding: flagged rows are a subset of the truth. */
const SUBSET: Readonly<Record<string, FindingRule>> = {
  unresolvable_lsoa: 'foreign-key-error',
  unresolvable_ward: 'foreign-key-error',
  unresolvable_locality: 'constraint-error',
  unresolvable_postcode: 'constraint-error',
};

let folder: string;
let workspace: Workspace;
const results = new Map<string, SpecImportResult>();

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-samples-'));
  workspace = await openWorkspace({ location: path.join(folder, 'workspace') });
  for (const entry of CASES) {
    const result = await importWithSpecification(workspace, {
      path: sample(entry.file),
      spec: getSpecification(entry.specId),
      tableName: entry.table,
      today: '2024-07-01',
      maxListedPerRule: 1_000_000,
    });
    results.set(entry.table, result);
  }
}, 120_000);

afterAll(async () => {
  await workspace.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function entriesFor(entry: Case): TruthEntry[] {
  const all = [...(truth.mess[entry.file]?.entries ?? []), ...(truth.features[entry.file]?.entries ?? [])];
  return all.filter((item) => item.sheet === entry.sheet);
}

/** The header label of a finding's column, for comparing with the answer key's column names. */
function labelOf(result: SpecImportResult, finding: Finding): string | null {
  return finding.columnNumber === null ? null : (result.mapping.columns[finding.columnNumber - 1]?.sourceLabel ?? null);
}

/** Two-row headers flatten to "Child NHS Number"; the answer key names the lower title. */
const sameColumn = (label: string | null, truthColumn: string): boolean => label === null || label === truthColumn || label.endsWith(` ${truthColumn}`);

async function column(table: string, name: string, rows: readonly number[]): Promise<unknown[]> {
  const result = await workspace.connection.runAndReadAll(
    `SELECT "${name}"::VARCHAR AS v FROM main."${table}" WHERE source_row IN (SELECT unnest(string_split($rows, ','))::BIGINT) ORDER BY source_row`,
    { rows: rows.join(',') },
  );
  return result.getRowObjectsJson().map((row) => row.v);
}

describe('samples imported against their specifications', () => {
  it.each(CASES.map((entry) => [entry.table, entry] as const))('%s: findings are exactly the injected mess', async (_name, entry) => {
    const result = results.get(entry.table)!;
    const findings = result.report.findings;
    expect(result.report.countsByRule.every((count) => count.listed === count.count)).toBe(true);
    const entries = entriesFor(entry);
    const explained = new Set<Finding>();
    for (const item of entries) {
      const rows = expandRows(item.rows);
      expect(rows).toHaveLength(item.count);
      const exact = EXACT[item.type];
      const subset = SUBSET[item.type];
      const rule = exact ?? subset;
      if (rule === undefined) continue;
      if (item.type === 'duplicate_row') {
        const repeats = findings.filter((finding) => finding.rule === 'duplicate-row' || (finding.rule === 'unique-error' && finding.message.endsWith('and the whole row repeats it')));
        expect(repeats.map((finding) => finding.rowNumber).sort((a, b) => (a ?? 0) - (b ?? 0)), `${item.type}: one finding per repeated row`).toEqual([...rows].sort((a, b) => a - b));
        for (const finding of repeats) explained.add(finding);
        continue;
      }
      const flagged = findings.filter((finding) => finding.rule === rule && sameColumn(labelOf(result, finding), item.column));
      const flaggedRows = flagged.map((finding) => finding.rowNumber);
      const truthRows = new Set(rows);
      if (exact !== undefined) expect(new Set(flaggedRows), `${item.type} in ${item.column}`).toEqual(truthRows);
      else {
        expect(flaggedRows.filter((row) => !truthRows.has(row as number)), `${item.type} outside the answer key`).toEqual([]);
        expect(flagged.length, `${item.type}: some flagged`).toBeGreaterThan(0);
      }
      for (const finding of flagged) explained.add(finding);
    }
    const unexplained = findings.filter((finding) => !explained.has(finding));
    expect(unexplained.map((finding) => `${finding.rule} ${finding.cell ?? finding.rowNumber}`)).toEqual([]);
  });

  it('counts every blank unresolvable area as unresolved, never silently', async () => {
    const cases: [string, string, string][] = [
      ['health_child_register', 'health_child_register.xlsx', 'unresolvable_lsoa'],
      ['mh_referrals', 'health_mental_health_referrals.csv', 'unresolvable_lsoa'],
      ['police_da', 'police_domestic_abuse.csv', 'unresolvable_ward'],
    ];
    for (const [table, file, type] of cases) {
      const item = truth.mess[file]!.entries.find((candidate) => candidate.type === type)!;
      const rows = expandRows(item.rows);
      // Without a postcode lookup, a row whose LSOA or ward is bad can only be unresolved (a lookup would help).
      const reasons = await column(table, 'area_unresolved_reason', rows);
      expect(reasons.filter((reason) => reason === null), `${table} resolved despite a bad area`).toEqual([]);
    }
    const variants = truth.mess['police_domestic_abuse.csv']!.entries.find((candidate) => candidate.type === 'ward_name_variant')!;
    const wards = await column('police_da', 'ward_code', expandRows(variants.rows));
    expect(wards.filter((ward) => ward === null)).toEqual([]);
  });

  it('keeps normalised values for the mess it fixes silently', async () => {
    const nonNull = async (table: string, name: string, file: string, type: string, columnName: string): Promise<void> => {
      const item = [...truth.mess[file]!.entries].find((candidate) => candidate.type === type && candidate.column === columnName)!;
      const values = await column(table, name, expandRows(item.rows));
      expect(values).toHaveLength(item.count);
      expect(values.filter((value) => value === null), `${table}.${name} (${type})`).toEqual([]);
    };
    await nonNull('school_census', 'date_of_birth', 'education_school_census.xlsx', 'date_as_excel_serial', 'Date of Birth');
    await nonNull('school_census', 'date_of_birth', 'education_school_census.xlsx', 'date_as_text', 'Date of Birth');
    await nonNull('school_census', 'fsm_eligible', 'education_school_census.xlsx', 'boolean_variant', 'FSM Eligible');
    await nonNull('health_child_register', 'nhs_number_pseudonym', 'health_child_register.xlsx', 'nhs_number_with_spaces', 'NHS_NUMBER');
    await nonNull('sc_episodes', 'looked_after', 'socialcare_episodes.xlsx', 'boolean_variant', 'Looked After');
    await nonNull('survey', 'locality', 'voice_wellbeing_survey.csv', 'locality_name_variant', 'Locality');
    await nonNull('mh_referrals', 'referral_date', 'health_mental_health_referrals.csv', 'date_as_excel_serial', 'Referral Date');
    const sen = await workspace.connection.runAndReadAll('SELECT DISTINCT sen_provision FROM school_census ORDER BY 1');
    expect(sen.getRowObjectsJson().map((row) => row.sen_provision)).toEqual(['E', 'K', 'N']);
    const groups = await workspace.connection.runAndReadAll('SELECT count(DISTINCT ethnicity) AS n FROM school_census WHERE ethnicity <> $unknown', { unknown: 'Not known' });
    expect(Number(groups.getRowObjectsJson()[0]?.n)).toBe(10);
  });

  it('keeps suppressed counts as suppressed, never as zero', async () => {
    const entries = truth.mess['socialcare_episodes.xlsx']!.entries.filter((item) => item.type.startsWith('suppressed_count_'));
    const fields: Record<string, string> = {
      suppressed_count_cin: 'children_in_need',
      suppressed_count_cp: 'children_on_cp_plan',
      suppressed_count_lac: 'children_looked_after',
    };
    for (const item of entries) {
      const field = fields[item.type]!;
      const marked = await workspace.connection.runAndReadAll(
        `SELECT source_row, "${field}" AS value FROM sc_ward_summary WHERE "${field}_suppressed" IS NOT NULL ORDER BY source_row`,
      );
      const rows = marked.getRowObjectsJson();
      expect(rows.map((row) => Number(row.source_row))).toEqual(expandRows(item.rows));
      expect(rows.every((row) => row.value === null)).toBe(true);
    }
  });

  it('records provenance, the mapping and the findings in the workspace', async () => {
    const imports = await workspace.connection.runAndReadAll('SELECT table_name, spec_id, rows_read, rows_imported, rows_rejected, mapping_json FROM vw.imports ORDER BY table_name');
    const rows = imports.getRowObjectsJson();
    expect(rows).toHaveLength(CASES.length);
    const population = rows.find((row) => row.table_name === 'population_age_sex');
    expect(population).toMatchObject({ spec_id: 'population-estimates', rows_read: '1918', rows_imported: '1917', rows_rejected: '1' });
    const stored = await workspace.connection.runAndReadAll('SELECT count(*) AS n FROM vw.findings f JOIN vw.imports i USING (import_id) WHERE i.table_name = $table', { table: 'police_da' });
    expect(Number(stored.getRowObjectsJson()[0]?.n)).toBe(results.get('police_da')!.report.findings.length);
  });
});

async function firstRows(file: string, count: number, sheet?: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const source = file.endsWith('.xlsx') ? readXlsxRows(sample(file), sheet === undefined ? {} : { sheet }) : readCsvRows(sample(file));
  for await (const batch of source) {
    rows.push(...batch);
    if (rows.length >= count) break;
  }
  return rows.slice(0, count);
}

function columnValues(rows: readonly RawRow[], label: string): string[] {
  const headerAt = rows.findIndex((row) => row.cells.includes(label));
  if (headerAt < 0) throw new Error(`no column ${label}`);
  const index = rows[headerAt]!.cells.indexOf(label);
  return rows.slice(headerAt + 1).map((row) => row.cells[index]).filter((cell): cell is string => typeof cell === 'string' && cell.trim() !== '').map((cell) => cell.trim());
}

describe('no raw identifier survives the import', () => {
  it('finds no NHS number, UPN, local ID, record reference, full postcode or surname in any column of any table', async () => {
    const register = await firstRows('health_child_register.xlsx', 200);
    const census = await firstRows('education_school_census.xlsx', 205);
    const police = await firstRows('police_domestic_abuse.csv', 300);
    const referrals = await firstRows('health_mental_health_referrals.csv', 100);
    const episodes = await firstRows('socialcare_episodes.xlsx', 103, 'Episodes');
    const publicText = [
      fs.readFileSync(path.resolve(import.meta.dirname, '../geography/reference/wards.csv'), 'utf8'),
      ...fs.readdirSync(path.resolve(import.meta.dirname, '../specs')).map((name) => fs.readFileSync(path.resolve(import.meta.dirname, '../specs', name), 'utf8')),
    ].join('\n').toLowerCase();
    const surnames = [...columnValues(police, 'Surname'), ...columnValues(census, 'Legal Surname'), ...columnValues(episodes, 'Surname')]
      .map((name) => name.toLowerCase())
      .filter((name) => /^[a-z]{4,}$/.test(name) && !publicText.includes(name));
    const identifiers = new Set([
      ...columnValues(register, 'NHS_NUMBER').map((value) => value.replace(/\s/g, '')),
      ...columnValues(register, 'POSTCODE'),
      ...columnValues(census, 'UPN'),
      ...columnValues(census, 'Home Postcode'),
      ...columnValues(police, 'Incident Ref'),
      ...columnValues(police, 'Home Postcode'),
      ...columnValues(referrals, 'Referral ID'),
      ...columnValues(episodes, 'Child ID').filter((id) => id.length >= 7),
    ]);
    const names = new Set(surnames);
    expect(identifiers.size).toBeGreaterThan(500);
    expect(names.size).toBeGreaterThan(100);

    const tables = await workspace.connection.runAndReadAll(
      "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL",
    );
    let scanned = 0;
    for (const { schema_name: schema, table_name: table } of tables.getRowObjectsJson()) {
      const rows = await workspace.connection.runAndReadAll(`SELECT t::VARCHAR AS row_text FROM "${String(schema)}"."${String(table)}" t`);
      const text = rows.getRowObjectsJson().map((row) => String(row.row_text)).join('\n');
      scanned += text.length;
      const upper = text.toUpperCase();
      // Identifiers as substrings in any case; surnames as whole words, since 22-character pseudonyms
      // (base64url) contain short letter runs by chance.
      const found = [...identifiers].filter((identifier) => upper.includes(identifier.toUpperCase()));
      const words = new Set(text.replace(/[A-Za-z0-9_-]{22}/g, ' ').toLowerCase().split(/[^a-z]+/));
      found.push(...[...names].filter((name) => words.has(name)));
      expect(found, `${String(schema)}.${String(table)}`).toEqual([]);
    }
    expect(scanned).toBeGreaterThan(1_000_000);
    expect(fs.readdirSync(workspace.stagingFolder)).toEqual([]);
  });
});
