import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpecificationInput } from '../../../shared/spec';
import { describeChange } from '../../../shared/spec-diff';
import { chosenFilesPolicy, FileAccessDeniedError, type FileAccessPolicy } from '../file-access';
import { openSpecificationFile, saveSpecificationFile } from './spec-editor-files';
import { SpecificationFileError } from './spec-file';

const draft: SpecificationInput = {
  id: 'youth-contacts',
  title: 'Youth service contacts',
  version: '0.1',
  agency: 'Youth service',
  fields: [{ name: 'client_ref', title: 'Client ref', type: 'string', identifier: 'local-id', personalData: 'direct-identifier', required: true }],
};

let folder: string;
let policy: FileAccessPolicy;

beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-spec-save-'));
  policy = chosenFilesPolicy();
});

afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('saveSpecificationFile', () => {
  it('writes the checked specification where the save dialog chose, and it opens again as the same specification', () => {
    const target = path.join(folder, 'youth contacts.spec.json');
    policy.grantSave(target);
    const saved = saveSpecificationFile(target, draft, policy);
    expect(saved.replaced).toBeNull();
    expect(fs.readdirSync(folder)).toEqual(['youth contacts.spec.json']);
    const reopened = openSpecificationFile(target, policy);
    expect(reopened.specification.fields[0]).toMatchObject({ name: 'client_ref', required: true, synonyms: [] });
    expect(reopened.sha256).toBe(saved.sha256);
    expect(saved.sizeBytes).toBe(fs.statSync(target).size);
  });

  it('says what changed when it replaces an earlier version of the same specification', () => {
    const target = path.join(folder, 'youth.spec.json');
    policy.grantSave(target);
    saveSpecificationFile(target, draft, policy);
    const next = { ...draft, version: '0.2', fields: [...draft.fields, { name: 'contact_date', title: 'Contact date', type: 'date', personalData: 'none' }] } satisfies SpecificationInput;
    const saved = saveSpecificationFile(target, next, policy);
    expect(saved.replaced?.version).toBe('0.1');
    expect(saved.replaced?.changes.map(describeChange)).toEqual(['Specification: version changed from 0.1 to 0.2', 'Field contact_date added']);
  });

  it('refuses a specification with problems, naming the file and each problem, and leaves the old file as it was', () => {
    const target = path.join(folder, 'broken.spec.json');
    fs.writeFileSync(target, 'old');
    policy.grantSave(target);
    const broken = { ...draft, id: 'Not Kebab', fields: [{ ...draft.fields[0]!, type: 'code' }] };
    expect(() => saveSpecificationFile(target, broken, policy)).toThrow(/broken\.spec\.json is not a valid specification [\s\S]*kebab-case[\s\S]*a code field needs a code list/);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    expect(fs.readdirSync(folder)).toEqual(['broken.spec.json']);
  });

  it('writes nothing where the save dialog did not choose, nor to anything but a .json file', () => {
    const target = path.join(folder, 'elsewhere.spec.json');
    policy.grant(target);
    expect(() => saveSpecificationFile(target, draft, policy)).toThrow(FileAccessDeniedError);
    const notJson = path.join(folder, 'spec.txt');
    policy.grantSave(notJson);
    expect(() => saveSpecificationFile(notJson, draft, policy)).toThrow(/saved as a \.json file, not spec\.txt/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });
});

describe('openSpecificationFile', () => {
  it('reads only chosen files and names the file when it is not JSON or not a specification', () => {
    const notJson = path.join(folder, 'a.json');
    fs.writeFileSync(notJson, '{ nope');
    expect(() => openSpecificationFile(notJson, policy)).toThrow(FileAccessDeniedError);
    policy.grant(notJson);
    expect(() => openSpecificationFile(notJson, policy)).toThrow(/The specification file a\.json is not valid JSON at line 1, column 3/);
    const notSpec = path.join(folder, 'b.json');
    fs.writeFileSync(notSpec, JSON.stringify({ id: 'x', fields: [] }));
    policy.grant(notSpec);
    expect(() => openSpecificationFile(notSpec, policy)).toThrow(/b\.json is not a valid specification [\s\S]*title/);
    expect(() => openSpecificationFile(notSpec, policy)).toThrow(SpecificationFileError);
  });
});
