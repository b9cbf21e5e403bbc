import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpecificationInput } from '../../../shared/spec';
import { SpecificationCatalog, SpecificationNotFoundError, SpecificationVersionError } from './catalog';
import { readSpecificationFile, SpecificationFileError, specificationFromJson } from './spec-file';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-spec-catalog-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const tenancy: SpecificationInput = {
  id: 'housing-tenancies',
  title: 'Council tenancies with children',
  version: '2025.1',
  agency: 'Birmingham City Council Housing',
  fields: [
    { name: 'tenancy_ref', title: 'Tenancy reference', type: 'string', required: true, personalData: 'none', pattern: 'T\\d{6}' },
    { name: 'children', title: 'Children in household', type: 'integer', minimum: 0, personalData: 'none' },
  ],
};

function write(name: string, json: unknown): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return file;
}

describe('specification files', () => {
  it('reads a hand-written specification from anywhere the user keeps it', () => {
    const spec = readSpecificationFile(write('tenancies.json', tenancy));
    expect(spec.id).toBe('housing-tenancies');
    expect(spec.fields[1]?.synonyms).toEqual([]);
  });

  it('names the file and every problem by JSON path and rule, never crashing', () => {
    const broken = { ...tenancy, id: 'Housing Tenancies', fields: [{ ...tenancy.fields[0], type: 'text' }, { name: 'children', title: 'Children', type: 'code', personalData: 'none' }] };
    const error = (() => {
      try {
        readSpecificationFile(write('broken.json', broken));
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a SpecificationFileError');
    })() as SpecificationFileError;
    expect(error).toBeInstanceOf(SpecificationFileError);
    expect(error.message).toMatch(/^The specification file broken\.json is not a valid specification/);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { path: 'id', message: 'must be lower-case kebab-case' },
        expect.objectContaining({ path: 'fields[0].type' }),
        { path: 'fields[1]', message: 'children: a code field needs a code list' },
      ]),
    );
    expect(error.message).toContain('fields[0].type');
  });

  it('says when the file is not JSON or cannot be read', () => {
    expect(() => readSpecificationFile(write('half.json', '{"id": "x",'))).toThrow(/half\.json is not valid JSON/);
    expect(() => readSpecificationFile(path.join(folder, 'missing.json'))).toThrow(/missing\.json cannot be read \(ENOENT\)/);
    expect(() => specificationFromJson([], 'list.json')).toThrow(/list\.json is not a valid specification/);

    // The JSON's own position is named as an editor shows it, past a byte-order mark.
    const broken = write('broken-line.json', '\uFEFF{\n  "id": "x",\n  oops\n}');
    expect(() => readSpecificationFile(broken)).toThrow(/^The specification file broken-line\.json is not valid JSON at line 3, column 3: Expected double-quoted property name$/);
    expect(() => readSpecificationFile(write('cut.json', '{\n  "id": "x"\n'))).toThrow(/cut\.json is not valid JSON at line 3, column 1: /);
    try {
      readSpecificationFile(broken);
    } catch (error) {
      expect((error as SpecificationFileError).toWorkbenchError()).toMatchObject({ code: 'unusable-file', details: { reason: 'invalid-specification', position: { line: 3, column: 3 } } });
    }
    expect.assertions(6);
  });
});

describe('the workspace catalog', () => {
  it('lists bundled specifications and the workspace’s own, and resolves ids and paths', () => {
    const catalog = new SpecificationCatalog(folder);
    const bundledCount = catalog.list().length;
    expect(catalog.list().every((entry) => entry.origin === 'bundled')).toBe(true);
    const added = catalog.add(readSpecificationFile(write('tenancies.json', tenancy)));
    expect(added.outcome).toBe('added');
    expect(fs.existsSync(path.join(folder, 'specifications', 'housing-tenancies.spec.json'))).toBe(true);
    const listed = catalog.list();
    expect(listed).toHaveLength(bundledCount + 1);
    expect(listed.at(-1)).toMatchObject({ origin: 'workspace', spec: { id: 'housing-tenancies', version: '2025.1' } });
    expect(catalog.resolve('housing-tenancies').origin).toBe('workspace');
    expect(catalog.resolve('tenancies.json', folder)).toMatchObject({ origin: 'file', spec: { id: 'housing-tenancies' } });
    expect(() => catalog.resolve('no-such-spec')).toThrow(SpecificationNotFoundError);
    expect(() => new SpecificationCatalog(null).get('housing-tenancies')).toThrow(/There is no specification "housing-tenancies"/);
  });

  it('refuses the same id and version with different content, listing what changed, and takes a new version', () => {
    const catalog = new SpecificationCatalog(folder);
    catalog.add(specificationFromJson(tenancy, 'a'));
    expect(catalog.add(specificationFromJson(tenancy, 'a')).outcome).toBe('unchanged');
    const changed = { ...tenancy, fields: [{ ...tenancy.fields[0]!, pattern: 'T\\d{7}' }, { name: 'rent_arrears', title: 'In arrears', type: 'boolean', personalData: 'none' }] };
    let refusal: unknown;
    try {
      catalog.add(specificationFromJson(changed, 'b'));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(SpecificationVersionError);
    expect((refusal as SpecificationVersionError).changes).toEqual([
      'field tenancy_ref.pattern: "T\\\\d{6}" → "T\\\\d{7}"',
      'field children removed',
      'field rent_arrears added',
    ]);
    expect(catalog.get('housing-tenancies').spec.version).toBe('2025.1');

    const next = catalog.add(specificationFromJson({ ...changed, version: '2025.2' }, 'c'));
    expect(next).toMatchObject({ outcome: 'new-version', previousVersion: '2025.1' });
    expect(next.changes[0]).toBe('version: "2025.1" → "2025.2"');
    expect(catalog.get('housing-tenancies').spec.version).toBe('2025.2');
    expect(fs.readdirSync(path.join(folder, 'specifications', 'previous'))).toEqual(['housing-tenancies@2025.1.spec.json']);
  });

  it('lets a workspace specification take a bundled one’s place with a new version', () => {
    const catalog = new SpecificationCatalog(folder);
    const bundled = catalog.get('police-domestic-abuse').spec;
    catalog.add({ ...bundled, version: `${bundled.version}-local` });
    const entry = catalog.get('police-domestic-abuse');
    expect(entry).toMatchObject({ origin: 'workspace', replacesBundledVersion: bundled.version });
    expect(catalog.list().filter((candidate) => candidate.spec.id === 'police-domestic-abuse')).toHaveLength(1);
    expect(() => catalog.add({ ...bundled, version: `${bundled.version}-local`, title: 'Changed title' })).toThrow(SpecificationVersionError);
  });
});
