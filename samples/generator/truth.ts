/**
 * The answer key. Counts are taken from the clean records before any mess, for the city and each of
 * the ten localities (a person's true locality is their home LSOA's ward's locality). Each indicator is
 * defined so a recipe can derive it from the extracts; the definitions travel in truth.json itself.
 */
import { AGE_BANDS, ageBandOf, ETHNIC_GROUPS, SEXES, type Person } from './population-types';
import type { City } from './population';
import { perHundred } from './quotas';
import { LOCALITIES } from './reference';
import { ACUTE_NEED_FACTORS, CHILD_MENTAL_HEALTH_FACTOR, type Services } from './services';
import { ACADEMIC_AGE_DAY, ageOn } from './dates';
import { attendanceIndicatorDefinitions } from './attendance-truth';
import { EHC_PLANS_FILE, SCHOOL_CENSUS_FILE, SUSPENSIONS_FILE } from './extracts/education';
import { HEALTH_REGISTER_FILE, MENTAL_HEALTH_FILE } from './extracts/health';
import { POLICE_FILE } from './extracts/police';
import { SOCIAL_CARE_FILE } from './extracts/socialcare';

export const AGENCIES = ['health', 'education', 'police', 'social_care'] as const;
export type Agency = (typeof AGENCIES)[number];

export interface IndicatorDefinition {
  definition: string;
  denominator: string;
  people: Set<Person>;
  base: (person: Person) => boolean;
}

export interface IndicatorTruth {
  count: number;
  denominator: number;
  /** count / denominator × 100, to one decimal place. */
  rate: number;
}

export interface AreaTruth {
  population: number;
  sex: Record<string, number>;
  ageBand: Record<string, number>;
  ethnicity: Record<string, number>;
  village: { sex: Record<string, number>; ageBand: Record<string, number>; ethnicity: Record<string, number> };
  indicators: Record<string, IndicatorTruth>;
  distinctPeople: Record<string, number>;
  sharedPeople: Record<string, number>;
  distinctPeoplePerFile: Record<string, number>;
}

function isCompulsorySchoolAge(person: Person): boolean {
  const academicAge = ageOn(person.birthDay, ACADEMIC_AGE_DAY);
  return academicAge >= 5 && academicAge <= 15;
}

export function indicatorDefinitions(city: City, services: Services): Record<string, IndicatorDefinition> {
  const acuteFactors = new Set<string>(ACUTE_NEED_FACTORS);
  const policePeople = new Set(services.incidents.flatMap((incident) => incident.members));
  const pupils = new Set(services.pupils.map((pupil) => pupil.person));
  const onRegister = new Set(services.healthRegister);
  const surveyed = new Set(services.survey.map((response) => response.person));
  const socialCare = services.episodes;
  const isChild = (person: Person): boolean => person.age <= 17;
  const everyone = (): boolean => true;
  return {
    poverty: {
      definition: "Lives in a low-income household (the generator's truth). In the extracts it is seen exactly as 'FSM Eligible' for every pupil on the school census; for other ages a recipe must estimate it (e.g. apply each locality's FSM rate).",
      denominator: 'people aged 0-25',
      people: new Set(city.people.filter((person) => person.poverty)),
      base: everyone,
    },
    fsm_eligible: {
      definition: 'Distinct pupils on the school census whose FSM Eligible is true.',
      denominator: 'distinct pupils on the school census',
      people: new Set(services.pupils.filter((pupil) => pupil.fsmEligible).map((pupil) => pupil.person)),
      base: (person) => pupils.has(person),
    },
    acute_household_need: {
      definition: `Named in the police domestic abuse file, or has a social-care episode whose Factors include any of ${ACUTE_NEED_FACTORS.join(', ')}.`,
      denominator: 'people aged 0-25',
      people: new Set([...policePeople, ...socialCare.filter((episode) => episode.factors.some((factor) => acuteFactors.has(factor))).map((episode) => episode.person)]),
      base: everyone,
    },
    mental_health_need: {
      definition: `Has a mental health referral, or a social-care episode whose Factors include ${CHILD_MENTAL_HEALTH_FACTOR}.`,
      denominator: 'people aged 0-25',
      people: new Set([...services.referrals.map((referral) => referral.person), ...socialCare.filter((episode) => episode.factors.includes(CHILD_MENTAL_HEALTH_FACTOR)).map((episode) => episode.person)]),
      base: everyone,
    },
    happy: {
      definition: "Wellbeing survey respondents answering yes to 'Are you happy?' (locality as the respondent's true locality).",
      denominator: 'survey respondents',
      people: new Set(services.survey.filter((response) => response.happy).map((response) => response.person)),
      base: (person) => surveyed.has(person),
    },
    ehc_plan: {
      definition: 'In the EHC plans file (pupils with an EHC plan also show SEN Provision E on the census).',
      denominator: 'people aged 0-25',
      people: new Set(services.ehcPlans.map((plan) => plan.person)),
      base: everyone,
    },
    sen_support: {
      definition: 'Distinct pupils on the school census with SEN Provision K.',
      denominator: 'distinct pupils on the school census',
      people: new Set(services.pupils.filter((pupil) => pupil.senProvision === 'K').map((pupil) => pupil.person)),
      base: (person) => pupils.has(person),
    },
    child_in_need: {
      definition: 'Has at least one social-care episode (referral) in the period.',
      denominator: 'people aged 0-17',
      people: new Set(socialCare.map((episode) => episode.person)),
      base: isChild,
    },
    child_protection_plan: {
      definition: 'Has a social-care episode with a CP Plan Start.',
      denominator: 'people aged 0-17',
      people: new Set(socialCare.filter((episode) => episode.childProtection !== null).map((episode) => episode.person)),
      base: isChild,
    },
    looked_after: {
      definition: 'Has a social-care episode with Looked After true.',
      denominator: 'people aged 0-17',
      people: new Set(socialCare.filter((episode) => episode.lookedAfterStartDay !== null).map((episode) => episode.person)),
      base: isChild,
    },
    domestic_abuse_notification: {
      definition: 'Named in the police domestic abuse file.',
      denominator: 'people aged 0-25',
      people: policePeople,
      base: everyone,
    },
    suspended_or_excluded: {
      definition: 'In the suspensions and exclusions file (suspension or permanent exclusion in 2023/24).',
      denominator: 'distinct pupils on the school census',
      people: new Set(services.suspensions.map((suspension) => suspension.pupil.person)),
      base: (person) => pupils.has(person),
    },
    children_out_of_sight: {
      definition: 'Of compulsory school age (age on 31/08/2023 from 5 to 15), on the child health register, and on no school census roll.',
      denominator: 'people of compulsory school age on the child health register',
      people: services.outOfSight,
      base: (person) => isCompulsorySchoolAge(person) && onRegister.has(person),
    },
    ...attendanceIndicatorDefinitions(services),
  };
}

export function agencyPeople(services: Services): Record<Agency, Set<Person>> {
  return {
    health: new Set([...services.healthRegister, ...services.referrals.map((referral) => referral.person)]),
    education: new Set([...services.pupils.map((pupil) => pupil.person), ...services.ehcPlans.map((plan) => plan.person), ...services.suspensions.map((suspension) => suspension.pupil.person)]),
    police: new Set(services.incidents.flatMap((incident) => incident.members)),
    social_care: new Set(services.episodes.map((episode) => episode.person)),
  };
}

function filePeople(services: Services): Record<string, Set<Person>> {
  return {
    [HEALTH_REGISTER_FILE]: new Set(services.healthRegister),
    [MENTAL_HEALTH_FILE]: new Set(services.referrals.map((referral) => referral.person)),
    [SCHOOL_CENSUS_FILE]: new Set(services.pupils.map((pupil) => pupil.person)),
    [EHC_PLANS_FILE]: new Set(services.ehcPlans.map((plan) => plan.person)),
    [SUSPENSIONS_FILE]: new Set(services.suspensions.map((suspension) => suspension.pupil.person)),
    [POLICE_FILE]: new Set(services.incidents.flatMap((incident) => incident.members)),
    [SOCIAL_CARE_FILE]: new Set(services.episodes.map((episode) => episode.person)),
  };
}

function tally<K extends string>(keys: readonly K[], people: readonly Person[], keyOf: (person: Person) => K): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const person of people) counts[keyOf(person)] += 1;
  return counts;
}

function village<K extends string>(counts: Record<K, number>, keys: readonly K[]): Record<K, number> {
  const per100 = perHundred(keys.map((key) => counts[key]));
  return Object.fromEntries(keys.map((key, index) => [key, per100[index]])) as Record<K, number>;
}

function countIn(set: Set<Person>, people: readonly Person[]): number {
  let count = 0;
  for (const person of people) if (set.has(person)) count += 1;
  return count;
}

export function areaTruth(people: readonly Person[], definitions: Record<string, IndicatorDefinition>, agencies: Record<Agency, Set<Person>>, files: Record<string, Set<Person>>): AreaTruth {
  const sex = tally(SEXES, people, (person) => person.sex);
  const ageBand = tally(AGE_BANDS, people, (person) => ageBandOf(person.age));
  const ethnicity = tally(ETHNIC_GROUPS, people, (person) => person.ethnicity);
  const indicators: Record<string, IndicatorTruth> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const base = people.filter(definition.base);
    const count = countIn(definition.people, base);
    indicators[name] = { count, denominator: base.length, rate: base.length === 0 ? 0 : Math.round((count * 1000) / base.length) / 10 };
  }
  const distinctPeople: Record<string, number> = {};
  for (const agency of AGENCIES) distinctPeople[agency] = countIn(agencies[agency], people);
  const sharedPeople: Record<string, number> = {};
  AGENCIES.forEach((first, index) => {
    for (const second of AGENCIES.slice(index + 1)) sharedPeople[`${first}+${second}`] = people.filter((person) => agencies[first].has(person) && agencies[second].has(person)).length;
  });
  const distinctPeoplePerFile: Record<string, number> = {};
  for (const [file, set] of Object.entries(files)) distinctPeoplePerFile[file] = countIn(set, people);
  return {
    population: people.length,
    sex,
    ageBand,
    ethnicity,
    village: { sex: village(sex, SEXES), ageBand: village(ageBand, AGE_BANDS), ethnicity: village(ethnicity, ETHNIC_GROUPS) },
    indicators,
    distinctPeople,
    sharedPeople,
    distinctPeoplePerFile,
  };
}

export interface AreasTruth {
  city: AreaTruth;
  localities: Record<string, AreaTruth>;
  definitions: Record<string, { definition: string; denominator: string }>;
}

export function computeAreas(city: City, services: Services): AreasTruth {
  const definitions = indicatorDefinitions(city, services);
  const agencies = agencyPeople(services);
  const files = filePeople(services);
  const localities: Record<string, AreaTruth> = {};
  for (const locality of LOCALITIES) {
    localities[locality] = areaTruth(
      city.people.filter((person) => person.locality === locality),
      definitions,
      agencies,
      files,
    );
  }
  return {
    city: areaTruth(city.people, definitions, agencies, files),
    localities,
    definitions: Object.fromEntries(Object.entries(definitions).map(([name, entry]) => [name, { definition: entry.definition, denominator: entry.denominator }])),
  };
}
