import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from './harness';

/** A user's own specification through the `village` command: a file anywhere, kept in the workspace, versioned. */

let folder: string;

function village(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'electron/cli/village.ts'), ...args], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-specs-cli-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const VISITS = {
  id: 'family-hub-visits',
  title: 'Family hub visits',
  version: '2025.1',
  agency: 'Family hubs',
  fields: [
    { name: 'visit_id', title: 'Visit', type: 'string', required: true, unique: true, personalData: 'none', synonyms: ['Visit ref'] },
    { name: 'visited_on', title: 'Visited on', type: 'date', personalData: 'none', synonyms: ['Date of visit'] },
    { name: 'hub', title: 'Hub', type: 'code', personalData: 'none', codes: [{ code: 'North' }, { code: 'South' }] },
  ],
};

describe('village specs', () => {
  it('adds a specification file to the workspace, lists it beside the bundled ones, and imports and validates with it', () => {
    const workspace = path.join(folder, 'ws');
    const specFile = path.join(folder, 'my specs', 'visits.json');
    fs.mkdirSync(path.dirname(specFile));
    fs.writeFileSync(specFile, JSON.stringify(VISITS, null, 2));
    const extract = path.join(folder, 'visits.csv');
    fs.writeFileSync(extract, 'Visit ref,Date of visit,Hub\r\nV1,2025-03-01,North\r\nV2,2025-03-02,East\r\n');

    const byPath = village('validate', extract, '--spec', specFile, '--out', path.join(folder, 'report-a'));
    expect(byPath.stdout).toMatch(/against family-hub-visits 2025\.1: NOT VALID: 2 rows checked, 1 errors/);
    expect(byPath.status).toBe(1);

    const added = village('specs', 'add', specFile, '--workspace', workspace);
    expect(added.stdout).toMatch(/Added specification family-hub-visits version 2025\.1 to the workspace/);
    expect(added.status).toBe(0);
    const listed = village('specs', '--workspace', workspace);
    expect(listed.stdout).toMatch(/^family-hub-visits\s+version 2025\.1\s+workspace\s+Family hub visits \(Family hubs\)$/m);
    expect(listed.stdout).toMatch(/^police-domestic-abuse\s+version \S+\s+bundled\s+/m);

    const imported = village('import', extract, '--spec', 'family-hub-visits', '--workspace', workspace);
    expect(imported.stdout).toMatch(/Checked against family-hub-visits 2025\.1: not valid, 1 errors/);
    expect(imported.status).toBe(0);
    const byId = village('validate', extract, '--spec', 'family-hub-visits', '--workspace', workspace, '--out', path.join(folder, 'report-b'));
    expect(byId.status).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(folder, 'report-b', 'validation.json'), 'utf8')) as { specId: string; specVersion: string };
    expect(report).toMatchObject({ specId: 'family-hub-visits', specVersion: '2025.1' });

    // The same version with different content is refused, naming what changed; a new version is taken.
    const changed = { ...VISITS, fields: VISITS.fields.map((field) => (field.name === 'hub' ? { ...field, codes: [...(field.codes ?? []), { code: 'East' }] } : field)) };
    fs.writeFileSync(specFile, JSON.stringify(changed));
    const refused = village('specs', 'add', specFile, '--workspace', workspace);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/family-hub-visits version 2025\.1 is already in the workspace with different content[\s\S]*field hub\.codes: /);
    fs.writeFileSync(specFile, JSON.stringify({ ...changed, version: '2025.2' }));
    const next = village('specs', 'add', specFile, '--workspace', workspace);
    expect(next.stdout).toMatch(/version 2025\.2, replacing version 2025\.1[\s\S]*version: "2025\.1" → "2025\.2"[\s\S]*field hub\.codes/);
    const valid = village('validate', extract, '--spec', 'family-hub-visits', '--workspace', workspace, '--out', path.join(folder, 'report-c'));
    expect(valid.stdout).toMatch(/against family-hub-visits 2025\.2: valid/);
  });

  it('names the file and each problem of a broken specification and exits 2', () => {
    const specFile = path.join(folder, 'broken.json');
    fs.writeFileSync(specFile, JSON.stringify({ ...VISITS, id: 'Visits!', fields: [{ ...VISITS.fields[0], minimum: 'one' }] }));
    const added = village('specs', 'add', specFile, '--workspace', path.join(folder, 'ws'));
    expect(added.status).toBe(2);
    expect(added.stderr).toMatch(/broken\.json is not a valid specification \(2 problems\):\n {2}id: must be lower-case kebab-case\n {2}fields\[0\]\.minimum: /);
    const validated = village('validate', specFile, '--spec', specFile, '--out', path.join(folder, 'out'));
    expect(validated.status).toBe(2);
    expect(validated.stderr).toMatch(/broken\.json is not a valid specification/);
    // An option the command does not use is refused, never silently ignored.
    const ignored = village('validate', specFile, '--spec', 'police-domestic-abuse', '--table', 'x', '--out', path.join(folder, 'out'));
    expect(ignored.status).toBe(2);
    expect(ignored.stderr).toMatch(/validate does not take --table/);
  });

  it('imports a Table Schema as a specification file that validates, and exports a specification as a Table Schema', () => {
    const schemaFile = path.join(folder, 'contacts.schema.json');
    fs.writeFileSync(
      schemaFile,
      JSON.stringify({
        name: 'youth-contacts',
        missingValues: ['', 'NA'],
        fields: [
          { name: 'Contact ID', type: 'string', constraints: { required: true, unique: true } },
          { name: 'Age', type: 'integer', constraints: { minimum: 11, maximum: 25 } },
        ],
      }),
    );
    const specFile = path.join(folder, 'contacts.spec.json');
    const imported = village('specs', 'import-table-schema', schemaFile, '--agency', 'Youth service', '--out', specFile);
    expect(imported.stdout).toMatch(/Wrote specification youth-contacts version 1 \(2 fields\)[\s\S]*note: Age: no village:personalData class given/);
    expect(imported.status).toBe(0);
    const extract = path.join(folder, 'contacts.csv');
    fs.writeFileSync(extract, 'Contact ID,Age\r\nC1,NA\r\nC2,40\r\n');
    const validated = village('validate', extract, '--spec', specFile, '--out', path.join(folder, 'report'));
    expect(validated.stdout).toMatch(/against youth-contacts 1: NOT VALID: 2 rows checked, 1 errors/);

    const exported = path.join(folder, 'police.schema.json');
    const written = village('specs', 'export', 'police-domestic-abuse', '--format', 'table-schema', '--out', exported);
    expect(written.status).toBe(0);
    const schema = JSON.parse(fs.readFileSync(exported, 'utf8')) as { fields: { name: string; constraints?: { pattern?: string } }[] };
    expect(schema.fields.find((field) => field.name === 'incident_ref')?.constraints?.pattern).toBe('[A-Z]{2,5}/\\d{4}/\\d{4,8}');
    expect(village('specs', 'export', 'police-domestic-abuse', '--format', 'table-schema', '--out', exported).status).toBe(2);
  });
});
