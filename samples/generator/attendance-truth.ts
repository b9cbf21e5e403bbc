/** The answer key's persistent-absence indicators, from the same attendance the extract writer draws. */
import { attendanceOf, inAttendanceCollection, isPersistentlyAbsent } from './extracts/attendance';
import type { Person } from './population-types';
import type { Pupil, Services } from './services';
import type { IndicatorDefinition } from './truth';

export function attendanceIndicatorDefinitions(services: Services): Record<string, IndicatorDefinition> {
  const collected = services.pupils.filter(inAttendanceCollection);
  const absent = new Set(collected.filter((pupil) => isPersistentlyAbsent(attendanceOf(pupil))).map((pupil) => pupil.person));
  const among = (include: (pupil: Pupil) => boolean): ((person: Person) => boolean) => {
    const people = new Set(collected.filter(include).map((pupil) => pupil.person));
    return (person) => people.has(person);
  };
  const denominator = 'distinct pupils in the attendance file';
  return {
    persistent_absence: {
      definition: 'Pupils in the attendance file whose absence (authorised and unauthorised, over all their terms) is 10% or more of their possible sessions.',
      denominator,
      people: absent,
      base: among(() => true),
    },
    persistent_absence_sen_support: {
      definition: 'Persistent absence among pupils in the attendance file with SEN Provision K on the school census.',
      denominator: `${denominator} with SEN support`,
      people: absent,
      base: among((pupil) => pupil.senProvision === 'K'),
    },
    persistent_absence_ehc_plan: {
      definition: 'Persistent absence among pupils in the attendance file with an EHC plan (SEN Provision E on the school census).',
      denominator: `${denominator} with an EHC plan`,
      people: absent,
      base: among((pupil) => pupil.senProvision === 'E'),
    },
  };
}
