import { describe, expect, it } from 'vitest';
import { parseSpecification, type Specification } from '../../../shared/spec';
import { commasToList, draftProblems, linesToList, moveField, newField, numberOrUndefined, removeField, replaceField, withOptional, withType } from './draft-edits';

function draft(): Specification {
  return parseSpecification({
    id: 'youth-contacts',
    title: 'Youth contacts',
    version: '0.1',
    agency: 'Youth service',
    primaryKey: ['client_ref'],
    uniqueKeys: [['client_ref', 'contact_date']],
    fields: [
      { name: 'client_ref', title: 'Client ref', type: 'string', pattern: 'CR\\d+', personalData: 'direct-identifier' },
      { name: 'contact_date', title: 'Contact date', type: 'date', notInFuture: true, minDate: '2020-01-01', personalData: 'none' },
      { name: 'outcome', title: 'Outcome', type: 'code', codes: [{ code: 'Closed' }], personalData: 'none' },
    ],
  });
}

describe('editing a draft specification', () => {
  it('renames a field in the keys too, so the draft stays a specification', () => {
    const spec = draft();
    const renamed = replaceField(spec, 0, { ...spec.fields[0]!, name: 'person_ref' });
    expect(renamed.primaryKey).toEqual(['person_ref']);
    expect(renamed.uniqueKeys).toEqual([['person_ref', 'contact_date']]);
    expect(draftProblems(renamed)).toEqual([]);
  });

  it('drops the properties of the old type when the type changes, and starts a code list when it becomes code', () => {
    const spec = draft();
    const dateToNumber = withType(spec.fields[1]!, 'integer');
    expect(dateToNumber).not.toHaveProperty('minDate');
    expect(dateToNumber.notInFuture).toBe(false);
    const stringToCode = withType(spec.fields[0]!, 'code');
    expect(stringToCode).not.toHaveProperty('pattern');
    expect(stringToCode.codes).toEqual([]);
    const codeToString = withType(spec.fields[2]!, 'string');
    expect(codeToString).not.toHaveProperty('codes');
    // An empty code list is a problem the form shows on the field.
    expect(draftProblems(replaceField(spec, 0, stringToCode))).toEqual([{ fieldIndex: 0, property: null, message: 'client_ref: a code field needs a code list' }]);
  });

  it('places each problem on its field and property', () => {
    const spec = draft();
    const bad = replaceField(spec, 1, { ...spec.fields[1]!, name: 'Contact Date' });
    expect(draftProblems(bad)).toEqual([{ fieldIndex: 1, property: 'name', message: 'Contact Date: name must be snake_case starting with a letter' }]);
    expect(draftProblems({ ...spec, uniqueKeys: [['client_ref', 'visit_date']] })).toEqual([{ fieldIndex: null, property: null, message: 'key names unknown field visit_date' }]);
    expect(draftProblems({ ...spec, version: '' })).toEqual([{ fieldIndex: null, property: 'version', message: expect.stringMatching(/^version: /) }]);
    expect(draftProblems(replaceField(spec, 1, withOptional(spec.fields[1]!, 'minDate', undefined)))).toEqual([]);
  });

  it('adds, removes and moves fields, keeping keys to fields that exist', () => {
    const spec = draft();
    const added = { ...spec, fields: [...spec.fields, newField(spec)] };
    expect(added.fields.map((field) => field.name)).toEqual(['client_ref', 'contact_date', 'outcome', 'new_field']);
    expect(newField(added).name).toBe('new_field_2');
    expect(draftProblems(added)).toEqual([]);
    const removed = removeField(spec, 0);
    expect(removed.primaryKey).toEqual([]);
    expect(removed.uniqueKeys).toEqual([['contact_date']]);
    expect(moveField(spec, 2, -1).fields.map((field) => field.name)).toEqual(['client_ref', 'outcome', 'contact_date']);
    expect(moveField(spec, 0, -1)).toBe(spec);
  });

  it('reads lists and numbers as they are typed', () => {
    expect(linesToList(' NHS No \n\nNHS number\r\n')).toEqual(['NHS No', 'NHS number']);
    expect(commasToList('a, b ,, c')).toEqual(['a', 'b', 'c']);
    expect(numberOrUndefined('')).toBeUndefined();
    expect(numberOrUndefined('12')).toBe(12);
  });
});
