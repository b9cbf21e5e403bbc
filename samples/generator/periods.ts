/**
 * The same synthetic city one, two and three quarters before the reference day, so the samples form a series
 * of four consecutive quarters. An earlier quarter is derived from the latest world, so the same children are
 * in every quarter and change the way a city does:
 * - children age: the engine takes ages on each quarter's reference date, and a child born after it is not
 *   yet on any register;
 * - they move: some households lived at another household's address (a real LSOA and postcode) earlier;
 * - they join and leave services: referrals, episodes, incidents, EHC plans and suspensions dated after the
 *   quarter's end have not happened yet, a few pupils were on free school meals who no longer are, and a few
 *   survey respondents answered differently;
 * - mental health referrals rise in Hodge Hill: its earlier quarters had markedly fewer.
 * Population estimates (mid-year, so the same all year) and the answer key are the latest quarter's.
 */
import { dayOf, isoDate, type Day } from './dates';
import type { Household, Person } from './population-types';
import type { Random } from './random';
import type { Services } from './services';
import type { World } from './generate';

export interface SamplePeriod {
  /** Folder under samples/periods and part of the recipe's file name. */
  readonly slug: string;
  readonly label: string;
  readonly start: string;
  readonly end: string;
  /** How many quarters before the latest. */
  readonly quartersBack: number;
}

/** The latest quarter is the committed samples' own (reference day 30 June 2024). */
export const LATEST_PERIOD: SamplePeriod = { slug: '2024-25-q1', label: '2024/25 Q1', start: '2024-04-01', end: '2024-06-30', quartersBack: 0 };

export const EARLIER_PERIODS: readonly SamplePeriod[] = [
  { slug: '2023-24-q2', label: '2023/24 Q2', start: '2023-07-01', end: '2023-09-30', quartersBack: 3 },
  { slug: '2023-24-q3', label: '2023/24 Q3', start: '2023-10-01', end: '2023-12-31', quartersBack: 2 },
  { slug: '2023-24-q4', label: '2023/24 Q4', start: '2024-01-01', end: '2024-03-31', quartersBack: 1 },
];

/** Share of households that moved into their current address within each quarter. */
const MOVES_PER_QUARTER = 0.02;
/** Share of Hodge Hill's referrals that had not been made yet, per quarter back (referrals rise there). */
const HODGE_HILL_REFERRALS_LATER_PER_QUARTER = 0.12;
/** Share of pupils not on free school meals now who were eligible, per quarter back (poverty eases a little). */
const FSM_LEFT_PER_QUARTER = 0.02;
/** Share of survey respondents whose answer was the other one, per quarter back. */
const ANSWER_CHANGED_PER_QUARTER = 0.02;

function dayOfIso(text: string): Day {
  const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
  return dayOf(year, month, dayOfMonth);
}

/** The city as it stood at the end of `period`: same people and indexes, earlier addresses, fewer events. */
export function earlierWorld(world: World, period: SamplePeriod, random: Random): World {
  const end = dayOfIso(period.end);
  const moveShare = 1 - (1 - MOVES_PER_QUARTER) ** period.quartersBack;
  const households: Household[] = world.city.households.map((household) => ({ ...household }));
  const moveRandom = random.fork('moves');
  for (const household of households) {
    if (!moveRandom.chance(moveShare)) continue;
    const other = world.city.households[moveRandom.int(0, world.city.households.length - 1)] as Household;
    household.lsoa = other.lsoa;
    household.postcode = other.postcode;
  }
  const people: Person[] = world.city.people.map((person) => {
    const household = households[person.householdIndex] as Household;
    return household.lsoa === person.lsoa ? { ...person } : { ...person, lsoa: household.lsoa, locality: household.lsoa.ward.locality };
  });
  const now = (person: Person): Person => people[person.index] as Person;
  const born = (person: Person): boolean => person.birthDay <= end;

  const source = world.services;
  const pupilRandom = random.fork('pupils');
  const pupilOf = new Map(source.pupils.map((pupil) => [pupil, { ...pupil, person: now(pupil.person), fsmEligible: pupil.fsmEligible || pupilRandom.chance(FSM_LEFT_PER_QUARTER * period.quartersBack) }]));
  const referralRandom = random.fork('referrals');
  const answerRandom = random.fork('answers');
  const services: Services = {
    gpPracticeOf: new Map([...source.gpPracticeOf].filter(([person]) => born(person)).map(([person, practice]) => [now(person), practice])),
    healthRegister: source.healthRegister.filter(born).map(now),
    schools: source.schools,
    pupils: source.pupils.map((pupil) => pupilOf.get(pupil) as Services['pupils'][number]),
    outOfSight: new Set([...source.outOfSight].filter(born).map(now)),
    referrals: source.referrals
      .filter((referral) => referral.day <= end && born(referral.person))
      .filter((referral) => now(referral.person).locality !== 'Hodge Hill' || !referralRandom.chance(HODGE_HILL_REFERRALS_LATER_PER_QUARTER * period.quartersBack))
      .map((referral) => ({ ...referral, person: now(referral.person) })),
    episodes: source.episodes.filter((episode) => episode.referralDay <= end && born(episode.person)).map((episode) => ({ ...episode, person: now(episode.person) })),
    incidents: source.incidents
      .filter((incident) => incident.day <= end)
      .map((incident) => ({ ...incident, household: households[incident.household.index] as Household, members: incident.members.filter(born).map(now) }))
      .filter((incident) => incident.members.length > 0),
    ehcPlans: source.ehcPlans.filter((plan) => plan.startDay <= end && born(plan.person)).map((plan) => ({ ...plan, person: now(plan.person) })),
    suspensions: source.suspensions.filter((suspension) => suspension.startDay <= end).map((suspension) => ({ ...suspension, pupil: pupilOf.get(suspension.pupil) as Services['pupils'][number] })),
    survey: source.survey.map((response) => ({ person: now(response.person), happy: answerRandom.chance(ANSWER_CHANGED_PER_QUARTER * period.quartersBack) ? !response.happy : response.happy })),
  };
  return { city: { geography: world.city.geography, people, households }, services };
}

/** The recipe of an earlier quarter: the latest recipe with that quarter's period and its extracts' folder. */
export function periodRecipe(latest: Record<string, unknown>, period: SamplePeriod, sharedFiles: ReadonlySet<string>): Record<string, unknown> {
  const sources = (latest.sources as Record<string, unknown>[]).map((entry) => {
    const file = String(entry.file);
    return sharedFiles.has(file) ? entry : { ...entry, file: `periods/${period.slug}/${file}` };
  });
  return { ...latest, referenceDate: period.end, period: { label: period.label, start: period.start, end: period.end, referenceDate: period.end }, sources };
}

export function periodOfSample(period: SamplePeriod): { label: string; start: string; end: string; referenceDate: string } {
  return { label: period.label, start: period.start, end: period.end, referenceDate: isoDate(dayOfIso(period.end)) };
}
