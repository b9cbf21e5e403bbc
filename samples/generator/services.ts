/**
 * What each agency knows about the synthetic city before anything is written down: who is registered
 * with a GP, on a school roll, referred to mental health services or children's social care, named in a
 * domestic abuse incident, holds an EHC plan, was suspended, or answered the wellbeing survey.
 * Everything here is clean truth; the extract writers add each agency's conventions and mess.
 */
import { ACADEMIC_AGE_DAY, ageOn, dayOf, partsOf, type Day, WINDOW_END, WINDOW_START } from './dates';
import { VILLAGE, type Household, type Person } from './population-types';
import type { City } from './population';
import type { Random } from './random';
import { LOCALITIES, type Locality } from './reference';
import { selectToTarget } from './selection';

export interface School {
  urn: string;
  /** An invented name ("Oakfield Primary School"), as the census's establishment name column gives it. */
  name: string;
  phase: 'Primary' | 'Secondary';
  locality: Locality;
}

export type SenProvision = 'E' | 'K' | 'N';

export interface Pupil {
  person: Person;
  school: School;
  /** National curriculum year: 0 is reception, 1–13 are years 1 to 13. */
  ncYear: number;
  fsmEligible: boolean;
  senProvision: SenProvision;
}

export interface MentalHealthReferral {
  person: Person;
  referralId: string;
  day: Day;
  reason: string;
}

export type ChildProtectionCategory = 'Neglect' | 'Emotional abuse' | 'Physical abuse' | 'Sexual abuse' | 'Multiple';

export interface SocialCareEpisode {
  person: Person;
  childId: string;
  referralDay: Day;
  referralSource: string;
  assessmentStartDay: Day;
  assessmentEndDay: Day;
  factors: string[];
  childProtection: { startDay: Day; category: ChildProtectionCategory } | null;
  lookedAfterStartDay: Day | null;
}

export interface PoliceIncident {
  reference: string;
  day: Day;
  household: Household;
  members: Person[];
}

export interface EhcPlan {
  person: Person;
  startDay: Day;
  primaryNeed: string;
}

export interface Suspension {
  pupil: Pupil;
  category: 'Suspension' | 'Permanent exclusion';
  startDay: Day;
  sessions: number;
  reason: string;
}

export interface SurveyResponse {
  person: Person;
  happy: boolean;
}

export interface Services {
  gpPracticeOf: Map<Person, string>;
  healthRegister: Person[];
  schools: School[];
  pupils: Pupil[];
  /** Compulsory-school-age people on the health register but on no school roll. */
  outOfSight: Set<Person>;
  referrals: MentalHealthReferral[];
  episodes: SocialCareEpisode[];
  incidents: PoliceIncident[];
  ehcPlans: EhcPlan[];
  suspensions: Suspension[];
  survey: SurveyResponse[];
}

/** Factors that mean an adult in the child's household has an acute need (drugs, alcohol, mental health) or domestic abuse. */
export const ACUTE_NEED_FACTORS = ['1B', '1C', '2B', '2C', '3A', '3B', '3C', '4B', '4C'] as const;
/** The child's own mental health (children-in-need census factor 4A). */
export const CHILD_MENTAL_HEALTH_FACTOR = '4A';
/** Other factors seen on assessments of children whose household has no acute need. */
const OTHER_FACTORS = ['5A', '6A', '7A', '16A', '17A', '18A', '19A'] as const;

const REFERRAL_REASONS_CHILD = ['Anxiety', 'Low mood', 'Behaviour that challenges', 'ADHD assessment', 'Autism assessment', 'Self-harm', 'Trauma', 'Eating difficulties', 'Attachment difficulties'];
const REFERRAL_REASONS_ADULT = ['Anxiety', 'Depression', 'Self-harm', 'Eating disorder', 'Psychosis', 'Trauma', 'Personality difficulties', 'Substance misuse'];
const REFERRAL_REASONS_INFANT = ['Parent-infant relationship', 'Attachment difficulties', 'Sleep and feeding difficulties'];
const REFERRAL_SOURCES = ['Police', 'Schools', 'Health services', 'Individual', 'LA services', 'Other'];
const EHC_PRIMARY_NEEDS_YOUNG = ['ASD', 'SLCN', 'SEMH', 'MLD', 'SLD', 'PMLD', 'PD', 'HI', 'VI'];
const EHC_PRIMARY_NEEDS_OLDER = ['ASD', 'SEMH', 'SLCN', 'MLD', 'SpLD', 'SLD', 'PD', 'OTH'];
const SUSPENSION_REASONS = ['PP', 'PA', 'VP', 'DB', 'DA', 'BU', 'DM', 'SM', 'OT'];
const CHILD_PROTECTION_CATEGORIES: readonly ChildProtectionCategory[] = ['Neglect', 'Emotional abuse', 'Physical abuse', 'Sexual abuse', 'Multiple'];
const CHILD_PROTECTION_WEIGHTS = [50, 31, 7, 4, 8];

/** The first day of the 2023/24 academic year, which the suspensions extract covers. */
const SUSPENSION_YEAR_START = dayOf(2023, 9, 4);

function academicAge(person: Person): number {
  return ageOn(person.birthDay, ACADEMIC_AGE_DAY);
}

/** A day in the activity window no earlier than `notBefore` (and no later than `notAfter`). */
function dayBetween(random: Random, notBefore: Day, notAfter: Day = WINDOW_END): Day {
  const first = Math.max(WINDOW_START, notBefore);
  return first >= notAfter ? notAfter : random.int(first, notAfter);
}

function sixDigitCode(prefix: string, serial: number): string {
  return `${prefix}${String(serial).padStart(6 - prefix.length, '0')}`;
}

function buildGpPractices(city: City, scale: number, random: Random): Map<Person, string> {
  const practices = new Map<Locality, string[]>();
  let serial = 1;
  for (const locality of LOCALITIES) {
    const count = Math.max(2, Math.round(18 * scale));
    // Invented practice codes in the M99xxx range; real Birmingham practices use other codes.
    practices.set(locality, Array.from({ length: count }, () => sixDigitCode('M99', serial++)));
  }
  const practiceOf = new Map<Person, string>();
  for (const household of city.households) {
    const practice = random.pick(practices.get(household.lsoa.ward.locality) as string[]);
    for (const index of household.memberIndexes) practiceOf.set(city.people[index] as Person, practice);
  }
  return practiceOf;
}

const NAME_STARTS = ['Oak', 'Holly', 'Ash', 'Elm', 'Birch', 'Hazel', 'Rowan', 'Willow', 'Beech', 'Maple', 'Cedar', 'Alder', 'Heath', 'Brook', 'Mill', 'Kings', 'Queens', 'Park', 'Moor', 'Green', 'Lark', 'Wren', 'Fern', 'Stone', 'Clay', 'Bridge', 'Church', 'Castle', 'Lime', 'Meadow'];
const NAME_ENDS = ['field', 'bank', 'wood', 'side', 'gate', 'hill', 'dale', 'lea', 'croft', 'mead', 'way', 'hurst', 'ford', 'well'];

/** An invented school name from its serial number: no draw from the random streams, so every other figure stays as it was. */
export function schoolName(serial: number, phase: School['phase']): string {
  const start = NAME_STARTS[serial % NAME_STARTS.length] as string;
  const round = Math.floor(serial / NAME_STARTS.length);
  const end = NAME_ENDS[round % NAME_ENDS.length] as string;
  const repeat = Math.floor(round / NAME_ENDS.length);
  return `${start}${end}${repeat === 0 ? '' : ` ${repeat + 1}`} ${phase} School`;
}

function buildSchools(city: City): Map<Locality, { primary: School[]; secondary: School[] }> {
  const schools = new Map<Locality, { primary: School[]; secondary: School[] }>();
  let serial = 1;
  for (const locality of LOCALITIES) {
    const local = city.people.filter((person) => person.locality === locality);
    const primaryAge = local.filter((person) => academicAge(person) >= 4 && academicAge(person) <= 10).length;
    const secondaryAge = local.filter((person) => academicAge(person) >= 11 && academicAge(person) <= 17).length;
    // Invented URNs from 990001 upwards, so none is a real school.
    const make = (phase: School['phase'], count: number): School[] =>
      Array.from({ length: count }, () => {
        const number = serial++;
        return { urn: String(990_000 + number), name: schoolName(number, phase), phase, locality };
      });
    schools.set(locality, { primary: make('Primary', Math.max(2, Math.round(primaryAge / 420))), secondary: make('Secondary', Math.max(1, Math.round(secondaryAge / 1100))) });
  }
  return schools;
}

function pickSchool(schools: Map<Locality, { primary: School[]; secondary: School[] }>, person: Person, phase: 'primary' | 'secondary', random: Random): School {
  // Most pupils attend a school in their own locality; about one in ten travels across the city.
  const locality = random.chance(0.9) ? person.locality : random.pick(LOCALITIES);
  return random.pick((schools.get(locality) as { primary: School[]; secondary: School[] })[phase]);
}

function ehcProbability(person: Person): number {
  const sexFactor = person.sex === 'Male' ? 1.6 : person.sex === 'Female' ? 0.55 : 1;
  const age = person.age;
  const base = age <= 4 ? 0.008 : age <= 10 ? 0.042 : age <= 15 ? 0.055 : age <= 19 ? 0.05 : 0.012;
  return base * sexFactor;
}

export function buildServices(city: City, scale: number, random: Random): Services {
  const { people, households } = city;
  const gpPracticeOf = buildGpPractices(city, scale, random.fork('gp'));
  const registerRandom = random.fork('register');
  const healthRegister = people.filter((person) => person.age <= 18 && registerRandom.chance(0.985));
  const onRegister = new Set(healthRegister);

  const ehcRandom = random.fork('ehc');
  const ehcPlans: EhcPlan[] = [];
  for (const person of people) {
    if (!ehcRandom.chance(ehcProbability(person))) continue;
    const earliest = person.birthDay + 365 * 2;
    const needs = person.age <= 10 ? EHC_PRIMARY_NEEDS_YOUNG : EHC_PRIMARY_NEEDS_OLDER;
    ehcPlans.push({ person, startDay: ehcRandom.int(Math.min(earliest, WINDOW_END), WINDOW_END), primaryNeed: ehcRandom.pick(needs) });
  }
  const hasEhcPlan = new Set(ehcPlans.map((plan) => plan.person));

  const schoolRandom = random.fork('schools');
  const schoolsByLocality = buildSchools(city);
  const pupils: Pupil[] = [];
  const outOfSight = new Set<Person>();
  for (const person of people) {
    const ncYear = academicAge(person) - 4;
    if (ncYear < 0 || ncYear > 13) continue;
    const compulsory = ncYear >= 1 && ncYear <= 11;
    const missingChance = 0.012 + (person.acuteHouseholdNeed ? 0.02 : 0) + (person.poverty ? 0.008 : 0);
    const onRoll = ncYear === 0 ? schoolRandom.chance(0.95) : compulsory ? !schoolRandom.chance(missingChance) : schoolRandom.chance(0.45);
    if (!onRoll) {
      if (compulsory && onRegister.has(person)) outOfSight.add(person);
      continue;
    }
    const school = pickSchool(schoolsByLocality, person, ncYear <= 6 ? 'primary' : 'secondary', schoolRandom);
    const supportChance = (person.sex === 'Male' ? 0.16 : 0.09) + (person.poverty ? 0.04 : 0);
    const senProvision: SenProvision = hasEhcPlan.has(person) ? 'E' : schoolRandom.chance(supportChance) ? 'K' : 'N';
    // In this synthetic city free-school-meal eligibility is exactly the household's poverty.
    pupils.push({ person, school, ncYear, fsmEligible: person.poverty, senProvision });
  }

  const episodes = buildSocialCare(city, random.fork('social-care'));
  const withChildMentalHealthFactor = new Set(episodes.filter((episode) => episode.factors.includes(CHILD_MENTAL_HEALTH_FACTOR)).map((episode) => episode.person));
  const referrals = buildReferrals(people, withChildMentalHealthFactor, random.fork('referrals'));
  const incidents = buildIncidents(city, households, random.fork('police'));
  const suspensions = buildSuspensions(pupils, random.fork('suspensions'));
  const survey = buildSurvey(people, random.fork('survey'));
  return {
    gpPracticeOf,
    healthRegister,
    schools: LOCALITIES.flatMap((locality) => {
      const local = schoolsByLocality.get(locality) as { primary: School[]; secondary: School[] };
      return [...local.primary, ...local.secondary];
    }),
    pupils,
    outOfSight,
    referrals,
    episodes,
    incidents,
    ehcPlans,
    suspensions,
    survey,
  };
}

function factorsForAcuteNeed(household: Household, knownDomesticAbuse: boolean): string[] {
  const need = household.acuteNeed;
  if (!need) return [];
  const who = need.otherAdult ? 'C' : 'B';
  const factors: string[] = [];
  if (need.substanceMisuse === 'alcohol') factors.push(`1${who}`);
  if (need.substanceMisuse === 'drugs') factors.push(`2${who}`);
  if (knownDomesticAbuse) factors.push(`3${who}`);
  if (need.parentalMentalHealth) factors.push(`4${who}`);
  return factors;
}

function buildSocialCare(city: City, random: Random): SocialCareEpisode[] {
  const children = (household: Household): Person[] => household.memberIndexes.map((index) => city.people[index] as Person).filter((person) => person.age <= 17);
  const planned: { person: Person; factors: string[] }[] = [];
  for (const household of city.households) {
    const need = household.acuteNeed;
    if (need) {
      // Without domestic abuse the household is only visible to social care, so all its children are assessed.
      const known = !need.domesticAbuse || random.chance(0.15);
      if (!known) continue;
      const factors = factorsForAcuteNeed(household, need.domesticAbuse);
      for (const child of children(household)) planned.push({ person: child, factors: need.domesticAbuse && random.chance(0.3) ? [...factors, '3A'] : factors });
    } else {
      for (const child of children(household)) {
        if (!random.chance(household.poverty ? 0.03 : 0.017)) continue;
        const count = random.int(0, 2);
        const factors = Array.from(new Set(Array.from({ length: count }, () => random.pick(OTHER_FACTORS))));
        planned.push({ person: child, factors });
      }
    }
  }
  for (const entry of planned) {
    if (entry.person.mentalHealthNeed && random.chance(0.45)) entry.factors = [...entry.factors, CHILD_MENTAL_HEALTH_FACTOR];
    entry.factors.sort(compareFactors);
  }

  random.shuffle(planned);
  const episodes: SocialCareEpisode[] = [];
  planned.forEach(({ person, factors }, serial) => {
    const childId = String(1_100_000 + serial * 7 + random.int(0, 6));
    const acute = person.acuteHouseholdNeed;
    const episodeCount = random.chance(0.14) ? 2 : 1;
    const latestReferral = WINDOW_END - 75;
    let notBefore = person.birthDay + 1;
    for (let episode = 0; episode < episodeCount; episode += 1) {
      const referralDay = dayBetween(random, notBefore, latestReferral);
      const assessmentStartDay = referralDay + random.int(0, 10);
      const assessmentEndDay = assessmentStartDay + random.int(5, 45);
      const isLatest = episode === episodeCount - 1;
      const childProtection =
        isLatest && random.chance(acute ? 0.14 : 0.08)
          ? { startDay: assessmentEndDay + random.int(5, 20), category: CHILD_PROTECTION_CATEGORIES[random.weightedIndex(CHILD_PROTECTION_WEIGHTS)] as ChildProtectionCategory }
          : null;
      const lookedAfterStartDay = isLatest && random.chance(acute ? 0.09 : 0.05) ? Math.min(WINDOW_END, assessmentEndDay + random.int(10, 200)) : null;
      episodes.push({ person, childId, referralDay, referralSource: random.pick(REFERRAL_SOURCES), assessmentStartDay, assessmentEndDay, factors, childProtection, lookedAfterStartDay });
      notBefore = assessmentEndDay + 30;
    }
  });
  return episodes;
}

/** Orders factor codes as a case worker lists them: by number, then letter ("3B" before "4A" before "16A"). */
export function compareFactors(left: string, right: string): number {
  return Number.parseInt(left, 10) - Number.parseInt(right, 10) || left.localeCompare(right);
}

function buildReferrals(people: Person[], withChildMentalHealthFactor: Set<Person>, random: Random): MentalHealthReferral[] {
  const referrals: MentalHealthReferral[] = [];
  for (const person of people) {
    if (!person.mentalHealthNeed) continue;
    // A need already recorded by social care (factor 4A) has not always reached a mental health service.
    if (withChildMentalHealthFactor.has(person) && random.chance(0.5)) continue;
    const count = random.chance(0.7) ? 1 : random.chance(0.7) ? 2 : 3;
    for (let index = 0; index < count; index += 1) {
      const day = dayBetween(random, person.birthDay + 30);
      const ageAtReferral = ageOn(person.birthDay, day);
      const reasons = ageAtReferral <= 2 ? REFERRAL_REASONS_INFANT : ageAtReferral >= 16 ? REFERRAL_REASONS_ADULT : REFERRAL_REASONS_CHILD;
      referrals.push({ person, referralId: '', day, reason: random.pick(reasons) });
    }
  }
  referrals.sort((left, right) => left.day - right.day || left.person.index - right.person.index);
  referrals.forEach((referral, index) => {
    referral.referralId = `FTB${String(200_001 + index)}`;
  });
  return referrals;
}

function buildIncidents(city: City, households: Household[], random: Random): PoliceIncident[] {
  const incidents: Omit<PoliceIncident, 'reference'>[] = [];
  for (const household of households) {
    if (!household.acuteNeed?.domesticAbuse) continue;
    const members = household.memberIndexes.map((index) => city.people[index] as Person);
    const youngestBirth = Math.max(...members.map((member) => member.birthDay));
    const count = 1 + (random.chance(0.35) ? 1 : 0) + (random.chance(0.2) ? 1 : 0);
    for (let index = 0; index < count; index += 1) incidents.push({ day: dayBetween(random, youngestBirth + 1), household, members });
  }
  incidents.sort((left, right) => left.day - right.day || left.household.index - right.household.index);
  return incidents.map((incident, index) => ({ ...incident, reference: `DA/${partsOf(incident.day).year}/${String(10_000 + index * 4 + random.int(0, 3)).padStart(6, '0')}` }));
}

function buildSuspensions(pupils: Pupil[], random: Random): Suspension[] {
  const suspensions: Suspension[] = [];
  for (const pupil of pupils) {
    if (pupil.ncYear < 1) continue;
    const secondary = pupil.ncYear >= 7;
    const chance = (secondary ? 0.05 : 0.007) * (pupil.senProvision !== 'N' ? 2 : 1) * (pupil.person.acuteHouseholdNeed ? 1.8 : 1) * (pupil.person.sex === 'Female' ? 0.5 : 1);
    if (!random.chance(chance)) continue;
    const count = random.chance(0.6) ? 1 : random.int(2, 4);
    const days = Array.from({ length: count }, () => random.int(SUSPENSION_YEAR_START, WINDOW_END - 30)).sort((left, right) => left - right);
    days.forEach((startDay, index) => {
      const permanent = secondary && index === count - 1 && random.chance(0.03);
      suspensions.push({ pupil, category: permanent ? 'Permanent exclusion' : 'Suspension', startDay, sessions: permanent ? 0 : random.int(1, 10), reason: random.pick(SUSPENSION_REASONS) });
    });
  }
  return suspensions;
}

function buildSurvey(people: Person[], random: Random): SurveyResponse[] {
  const respondents = people.filter((person) => person.age >= 8 && random.chance(0.06));
  const target = Math.round((respondents.length * VILLAGE.happy) / 100);
  const scores = new Map(respondents.map((person) => [person, 0.6 - (person.mentalHealthNeed ? 1.3 : 0) - (person.poverty ? 0.3 : 0) - (person.acuteHouseholdNeed ? 0.3 : 0) + random.logisticNoise()]));
  const happy = selectToTarget(respondents, (person) => scores.get(person) as number, () => 1, target);
  return random.shuffle(respondents.map((person) => ({ person, happy: happy.has(person) })));
}
