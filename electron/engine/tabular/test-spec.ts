/**
 * A small specification shared by the tabular and validate tests: one field of each kind the validator
 * treats specially. Synthetic, and not the specification of any real extract.
 */
import { parseSpecification, type Specification } from '../../../shared/spec';

export function childRegisterSpec(overrides: Record<string, unknown> = {}): Specification {
  return parseSpecification({
    id: 'test-child-register',
    title: 'Test child register',
    version: '0.1',
    agency: 'Synthetic Health Trust',
    primaryKey: ['nhs_number'],
    fields: [
      { name: 'nhs_number', title: 'NHS number', type: 'string', required: true, identifier: 'nhs-number', personalData: 'direct-identifier', synonyms: ['NHS No', 'NHSNumber'] },
      { name: 'upn', title: 'UPN', type: 'string', identifier: 'upn', personalData: 'direct-identifier', synonyms: ['Unique pupil number'] },
      { name: 'date_of_birth', title: 'Date of birth', type: 'date', required: true, notInFuture: true, minDate: '2000-01-01', identifier: 'date-of-birth', personalData: 'quasi-identifier', synonyms: ['DOB'] },
      { name: 'sex', title: 'Sex', type: 'code', personalData: 'none', codes: [{ code: 'F', label: 'Female', synonyms: ['Girl', '2'] }, { code: 'M', label: 'Male', synonyms: ['Boy', '1'] }] },
      { name: 'lsoa11', title: 'LSOA 2011', type: 'string', identifier: 'lsoa11', foreignKey: 'lsoa11', personalData: 'quasi-identifier', synonyms: ['LSOA', 'lsoa code'] },
      { name: 'ward', title: 'Ward', type: 'string', identifier: 'ward-name', foreignKey: 'ward-name', personalData: 'none', synonyms: ['Ward name'] },
      { name: 'referrals', title: 'Referrals', type: 'integer', minimum: 0, maximum: 50, suppressible: true, personalData: 'none' },
      { name: 'fsm', title: 'Free school meals', type: 'boolean', personalData: 'none', synonyms: ['FSM eligible'] },
      { name: 'school_urn', title: 'School URN', type: 'string', pattern: '\\d{6}', identifier: 'school-urn', personalData: 'none' },
    ],
    ...overrides,
  });
}
