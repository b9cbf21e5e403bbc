import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSpecification, parseSpecification } from '../../../shared/spec';
import { specificationFromTableSchema, tableSchemaFromSpecification, TableSchemaError } from '../../../shared/table-schema';
import { validateFile } from '../validate/validate-file';
import { loadSpecifications } from './registry';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-table-schema-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A Table Schema as a partner's own tools write one: plain names with spaces, enums, ISO dates, "NA" for missing. */
const PARTNER_SCHEMA = {
  name: 'youth-service-contacts',
  title: 'Youth service contacts',
  missingValues: ['', 'NA'],
  primaryKey: 'Contact ID',
  fields: [
    { name: 'Contact ID', type: 'string', constraints: { required: true, pattern: 'YS\\d{5}' } },
    { name: 'Contact date', type: 'datetime', constraints: { minimum: '2020-01-01T00:00:00Z' } },
    { name: 'Age', type: 'integer', constraints: { minimum: 11, maximum: 25 } },
    { name: 'Venue', type: 'string', constraints: { enum: ['Hub', 'Outreach', 'Online'] } },
    { name: 'First contact', type: 'boolean', trueValues: ['first'], falseValues: ['repeat'] },
    { name: 'Location', type: 'geopoint' },
  ],
};

describe('Table Schema import', () => {
  it('turns a partner’s Table Schema into a specification that validates their extract, with notes on what changed', async () => {
    const imported = specificationFromTableSchema(PARTNER_SCHEMA, { agency: 'Youth service' });
    const checked = checkSpecification(imported.specification);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const spec = checked.spec;
    expect(spec).toMatchObject({ id: 'youth-service-contacts', agency: 'Youth service', version: '1', primaryKey: ['contact_id'], missingValues: ['NA'] });
    expect(spec.fields.map((field) => [field.name, field.type, field.synonyms])).toEqual([
      ['contact_id', 'string', ['Contact ID']],
      ['contact_date', 'date', ['Contact date']],
      ['age', 'integer', ['Age']],
      ['venue', 'code', ['Venue']],
      ['first_contact', 'boolean', ['First contact']],
      ['location', 'string', ['Location']],
    ]);
    expect(spec.fields[1]).toMatchObject({ minDate: '2020-01-01' });
    expect(imported.notes).toEqual(
      expect.arrayContaining(['Contact date: a datetime is kept as its date', 'Location: type "geopoint" is read as text', 'Age: no village:personalData class given, so it is classed "none"; check it against the agreement']),
    );

    const file = path.join(folder, 'contacts.csv');
    fs.writeFileSync(file, 'Contact ID,Contact date,Age,Venue,First contact,Location\r\nYS00001,2025-02-01,15,Hub,first,NA\r\nYS00002,NA,30,Library,repeat,\r\nYS00001,2025-02-03,NA,Online,maybe,\r\n');
    const { report } = await validateFile({ path: file, spec, today: '2025-06-30' });
    expect(report.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.rule} ${finding.cell}`)).toEqual([
      'constraint-error contacts!C3',
      'constraint-error contacts!D3',
      'type-error contacts!E4',
      'unique-error contacts!A4',
    ]);
  });

  it('takes a Data Package resource by name, and names what is missing', () => {
    const dataPackage = { name: 'youth', resources: [{ name: 'sessions', path: 'sessions.csv' }, { name: 'contacts', path: 'contacts.csv', schema: PARTNER_SCHEMA }] };
    expect(specificationFromTableSchema(dataPackage).specification.id).toBe('youth-service-contacts');
    expect(specificationFromTableSchema(dataPackage, { resource: 'contacts' }).specification.fields).toHaveLength(6);
    expect(() => specificationFromTableSchema(dataPackage, { resource: 'sessions' })).toThrow(/resource "sessions" has no inline schema/);
    expect(() => specificationFromTableSchema(dataPackage, { resource: 'visits' })).toThrow(/no resource "visits" \(resources: "sessions", "contacts"\)/);
    expect(() => specificationFromTableSchema({ title: 'x' })).toThrow(TableSchemaError);
  });
});

describe('Table Schema export', () => {
  it('round-trips every bundled specification exactly', () => {
    for (const spec of loadSpecifications()) {
      const exported = tableSchemaFromSpecification(spec);
      expect(parseSpecification(specificationFromTableSchema(JSON.parse(JSON.stringify(exported))).specification), spec.id).toEqual(spec);
    }
  });

  it('writes standard Table Schema properties other tools read, with the rest as village: properties', () => {
    const census = loadSpecifications().find((spec) => spec.id === 'education-school-census')!;
    const exported = tableSchemaFromSpecification(census) as { fields: Record<string, unknown>[]; missingValues: string[] };
    const upn = exported.fields.find((field) => field.name === 'upn')!;
    expect(upn).toMatchObject({ type: 'string', constraints: { required: true }, 'village:identifier': 'upn', 'village:personalData': 'direct-identifier' });
    const sex = exported.fields.find((field) => field.name === 'sex')!;
    expect(sex).toMatchObject({ type: 'string', constraints: { enum: ['M', 'F', 'X'] } });
    expect(exported.missingValues).toEqual(['']);
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(['village:id', 'village:version', 'village:agency']));
  });
});
