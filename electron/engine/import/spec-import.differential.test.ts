/**
 * Differential test of the specification import: every sample extract, every tabular fixture (against the
 * specification inferred from it) and the bench's synthetic extract (xlsx and csv) are imported with a fixed
 * workspace key, and the typed table, the findings and the counts are compared with what the row-by-row
 * import produced before the column pipeline replaced it (test-support/spec-import-expected.json, recorded
 * from that code with VW_RECORD_SPEC_IMPORT_EXPECTED=1). The digests cover every cell of every row, so any
 * change in a pseudonym, a match key, a typed value or a finding's sheet, row or column fails here.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpecification, type Specification } from '../../../shared/spec';
import { writeSyntheticXlsx } from '../../../bench/xlsx/synthetic-xlsx';
import syntheticExtractSpecification from '../../../bench/synthetic-extract.spec.json' with { type: 'json' };
import { getSpecification } from '../specs/registry';
import { KEY_FILE } from '../workspace/legacy-key';
import { openWorkspace, USER_SCHEMA } from '../workspace/workspace';
import { quoteIdentifier } from '../sql';
import { inferSpecificationFromFile } from './infer-specification';
import { importWithSpecification } from './spec-import';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SAMPLES = path.join(ROOT, 'samples');
const FIXTURES = path.join(ROOT, 'test/fixtures/tabular');
const EXPECTED_FILE = path.join(import.meta.dirname, 'test-support/spec-import-expected.json');
const RECORDING = process.env.VW_RECORD_SPEC_IMPORT_EXPECTED === '1';
/** A fixed key, so pseudonyms and match keys are comparable across runs. */
const FIXED_KEY = Buffer.alloc(32, 0).map((_, index) => (index * 37 + 11) % 256);
const TODAY = '2024-06-30';
const SYNTHETIC_ROWS = 6_000;

interface Outcome {
  readonly tableRows?: number;
  readonly tableDigest?: string;
  readonly columns?: string;
  readonly reportDigest?: string;
  readonly findings?: number;
  readonly counts?: string;
  readonly error?: string;
}

interface Case {
  readonly name: string;
  readonly file: () => string;
  readonly spec: () => Promise<Specification>;
  readonly sheet?: string;
}

const sampleSpec = (id: string) => async (): Promise<Specification> => getSpecification(id);
const SAMPLE_CASES: Case[] = [
  ['health_child_register.xlsx', 'health-child-register', 'Child Health Register'],
  ['health_mental_health_referrals.csv', 'health-mental-health-referrals'],
  ['education_school_census.xlsx', 'education-school-census', 'Spring Census 2024'],
  ['education_ehc_plans.csv', 'education-ehc-plans'],
  ['education_suspensions_exclusions.csv', 'education-suspensions-exclusions'],
  ['police_domestic_abuse.csv', 'police-domestic-abuse'],
  ['police_protection_notices.csv', 'police-protection-notices'],
  ['socialcare_episodes.xlsx', 'socialcare-episodes', 'Episodes'],
  ['socialcare_episodes.xlsx', 'socialcare-ward-summary', 'Summary by ward'],
  ['population_estimates.xlsx', 'population-estimates', 'Age and sex'],
  ['population_estimates.xlsx', 'population-ethnicity', 'Ethnic group'],
  ['voice_wellbeing_survey.csv', 'voice-wellbeing-survey'],
].map(([file, specId, sheet]) => ({
  name: `samples/${file} as ${specId}`,
  file: () => path.join(SAMPLES, file as string),
  spec: sampleSpec(specId as string),
  ...(sheet === undefined ? {} : { sheet }),
}));

const pupilAttendance: Case = {
  name: 'samples/education_pupil_attendance.csv as samples/pupil-attendance.spec.json',
  file: () => path.join(SAMPLES, 'education_pupil_attendance.csv'),
  spec: async () => parseSpecification(JSON.parse(fs.readFileSync(path.join(SAMPLES, 'pupil-attendance.spec.json'), 'utf8'))),
};

const FIXTURE_CASES: Case[] = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.csv'))
  .sort()
  .map((name) => ({
    name: `test/fixtures/tabular/${name} as its inferred specification`,
    file: () => path.join(FIXTURES, name),
    spec: async () => (await inferSpecificationFromFile({ path: path.join(FIXTURES, name), today: TODAY })).specification,
  }));

let folder = '';
const syntheticFile = (extension: string): string => path.join(folder, `synthetic.${extension}`);
const benchSpec = async (): Promise<Specification> => parseSpecification(syntheticExtractSpecification);
const SYNTHETIC_CASES: Case[] = [
  { name: `bench synthetic extract, ${SYNTHETIC_ROWS} rows, xlsx`, file: () => syntheticFile('xlsx'), spec: benchSpec },
  { name: `bench synthetic extract, ${SYNTHETIC_ROWS} rows, csv`, file: () => syntheticFile('csv'), spec: benchSpec },
];

const CASES = [...SAMPLE_CASES, pupilAttendance, ...FIXTURE_CASES, ...SYNTHETIC_CASES];

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The bench's CSV writer needs bench/inputs; this writes the same rows with DuckDB's COPY instead. */
async function writeSyntheticCsv(xlsxPath: string, csvPath: string): Promise<void> {
  const { readXlsxRows } = await import('../xlsx/stream-reader');
  const lines: string[] = [];
  for await (const batch of readXlsxRows(xlsxPath)) {
    for (const row of batch) {
      lines.push(
        row.cells
          .map((cell) => {
            if (cell === null) return '';
            if (typeof cell === 'string') return /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
            if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
            if (cell.kind !== 'date') return cell.code;
            const iso = new Date(Date.UTC(1899, 11, 30) + Math.round(cell.serial * 86_400_000)).toISOString();
            return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
          })
          .join(','),
      );
    }
  }
  fs.writeFileSync(csvPath, `${lines.join('\n')}\n`);
}

async function importCase(testCase: Case, index: number): Promise<Outcome> {
  const workspace = await openWorkspace({ location: path.join(folder, `workspace-${index}`) });
  try {
    fs.writeFileSync(path.join(workspace.secretsFolder, KEY_FILE), `${Buffer.from(FIXED_KEY).toString('base64url')}\n`, { mode: 0o600 });
    let result;
    try {
      const spec = await testCase.spec();
      result = await importWithSpecification(workspace, {
        path: testCase.file(),
        spec,
        tableName: 'imported',
        today: TODAY,
        ...(testCase.sheet === undefined ? {} : { sheet: testCase.sheet }),
      });
    } catch (error) {
      return { error: `${(error as Error).name}: ${(error as Error).message}` };
    }
    const connection = await workspace.connect();
    const read = await connection.runAndReadAll(`SELECT * FROM ${quoteIdentifier(USER_SCHEMA)}.${quoteIdentifier('imported')} ORDER BY source_row`);
    const columns = read.columnNames().map((name, column) => `${name} ${read.columnType(column).toString()}`);
    const rows = read.getRowsJson();
    return {
      tableRows: rows.length,
      tableDigest: digest(rows.map((row) => JSON.stringify(row)).join('\n')),
      columns: columns.join(', '),
      reportDigest: digest(JSON.stringify(result.report)),
      findings: result.report.findings.length,
      counts: JSON.stringify(result.counts),
    };
  } finally {
    await workspace.close();
  }
}

describe('the specification import gives the tables and findings it gave before the column pipeline', () => {
  const expected = fs.existsSync(EXPECTED_FILE) ? (JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, Outcome>) : {};
  const recorded: Record<string, Outcome> = {};

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-spec-differential-'));
    await writeSyntheticXlsx(syntheticFile('xlsx'), { rows: SYNTHETIC_ROWS, seed: 15 });
    await writeSyntheticCsv(syntheticFile('xlsx'), syntheticFile('csv'));
  }, 120_000);

  afterAll(() => {
    if (RECORDING) fs.writeFileSync(EXPECTED_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('has an expected outcome for every case', () => {
    if (RECORDING) return;
    expect(Object.keys(expected).sort()).toEqual(CASES.map((testCase) => testCase.name).sort());
  });

  CASES.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const outcome = await importCase(testCase, index);
      recorded[testCase.name] = outcome;
      if (!RECORDING) expect(outcome).toEqual(expected[testCase.name]);
    }, 120_000);
  });
});
