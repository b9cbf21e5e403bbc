import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../shared/api';
import { nhsCheckDigit } from '../../../shared/identifiers';
import { createEngine, type Engine } from '../engine';
import { folderPolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

/**
 * The Specifications screen's contract methods through the engine's one validating entry point, as the
 * window calls them: infer a draft from a sample, check the sample against an edited draft, save it where
 * the save dialog chose, and open it again.
 */

let folder: string;
let inputs: string;
let engine: Engine;

async function call<T>(method: string, payload: unknown): Promise<T> {
  const result = await engine.dispatch(method, payload);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-spec-methods-'));
  inputs = path.join(folder, 'inputs');
  fs.mkdirSync(inputs);
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'workspace') }), folderPolicy([inputs]));
});

afterEach(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

function writeSample(): string {
  const lines = ['Person;NHS;Contact;Outcome'];
  for (let index = 0; index < 12; index += 1) {
    const stem = String(500000000 + index * 13);
    const check = nhsCheckDigit(stem);
    lines.push(`P${index};${check === null ? '' : `${stem}${check}`};0${(index % 3) + 1}/02/2025;${['Closed', 'Open', 'Referred on'][index % 3]}`);
  }
  const sample = path.join(inputs, 'youth contacts.csv');
  fs.writeFileSync(sample, `${lines.join('\n')}\n`);
  return sample;
}

describe('the specification methods', () => {
  it('infer, check an edited draft live, save through the chosen path and read it back', async () => {
    const sample = writeSample();
    const inferred = await call<ResponseOf<'inferSpecification'>>('inferSpecification', { path: sample });
    expect(inferred.specification.fields.map((field) => [field.name, field.type])).toEqual([
      ['person', 'string'],
      ['nhs', 'string'],
      ['contact', 'date'],
      ['outcome', 'code'],
    ]);
    const clean = await call<ResponseOf<'checkSpecification'>>('checkSpecification', { path: sample, specification: inferred.specification });
    expect(clean.report.totals.errors).toBe(0);
    expect(clean.mapping.columns.map((column) => column.field)).toEqual(['person', 'nhs', 'contact', 'outcome']);

    // The user drops a code and makes a field a number: the live check reports the cells that no longer fit.
    const edited = {
      ...inferred.specification,
      fields: inferred.specification.fields.map((field) =>
        field.name === 'outcome' ? { ...field, codes: field.codes?.filter((code) => code.code !== 'Open') } : field.name === 'person' ? { ...field, pattern: 'P\\d' } : field,
      ),
    };
    const checked = await call<ResponseOf<'checkSpecification'>>('checkSpecification', { path: sample, specification: edited });
    expect(checked.report.countsByRuleAndColumn).toEqual([
      { rule: 'constraint-error', columnNumber: 1, columnLetter: 'A', field: 'person', count: 2 },
      { rule: 'constraint-error', columnNumber: 4, columnLetter: 'D', field: 'outcome', count: 4 },
    ]);
    expect(checked.report.findings.filter((finding) => finding.field === 'outcome')).toHaveLength(4);

    const saveTo = path.join(inputs, 'youth.spec.json');
    expect((await engine.dispatch('saveSpecification', { path: saveTo, specification: edited })).ok).toBe(false);
    engine.fileAccess.grantSave(saveTo);
    const saved = await call<ResponseOf<'saveSpecification'>>('saveSpecification', { path: saveTo, specification: edited });
    expect(saved.replaced).toBeNull();
    const reread = await call<ResponseOf<'readSpecification'>>('readSpecification', { path: saveTo });
    expect(reread.specification).toEqual(edited);
    expect(reread.sha256).toBe(saved.sha256);
  });

  it('refuses a draft with problems before it is checked or saved, saying what is wrong', async () => {
    const sample = writeSample();
    const inferred = await call<ResponseOf<'inferSpecification'>>('inferSpecification', { path: sample });
    const broken = { ...inferred.specification, fields: inferred.specification.fields.map((field) => (field.name === 'outcome' ? { ...field, codes: [] } : field)) };
    const result = await engine.dispatch('checkSpecification', { path: sample, specification: broken });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/outcome: a code field needs a code list/) } });
    const outside = path.join(folder, 'elsewhere.csv');
    fs.writeFileSync(outside, 'a\n1\n');
    expect(await engine.dispatch('inferSpecification', { path: outside })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('stops a live check still reading the file when a newer one arrives', async () => {
    const lines = ['Visit,Count'];
    for (let index = 0; index < 60_000; index += 1) lines.push(`V${index},${index % 50}`);
    const sample = path.join(inputs, 'visits.csv');
    fs.writeFileSync(sample, `${lines.join('\n')}\n`);
    const { specification } = await call<ResponseOf<'inferSpecification'>>('inferSpecification', { path: sample });
    const first = engine.dispatch('checkSpecification', { path: sample, specification });
    const second = engine.dispatch('checkSpecification', { path: sample, specification });
    expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await second).toMatchObject({ ok: true, value: { report: { valid: true, totals: { rowsChecked: 60_000 } } } });
  });
});
