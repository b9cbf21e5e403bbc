/**
 * The same synthetic city one, two and three quarters before the reference day, so the samples form a series
 * of four consecutive quarters. An earlier quarter is derived from the latest world, so the same children are
 * in every quarter and change the way a city does:
 * - each quarter's activity extracts cover the three years to its own end, as the latest quarter's do, so
 *   event counts stay level rather than growing with a longer window: an event after the quarter's end had
 *   not happened yet, and the quarter's first months (before the latest window opened) hold the same number
 *   of events, those of the latest quarters dated three years earlier; suspensions cover the year to the
 *   quarter's end the same way;
 * - children age: the engine takes ages on each quarter's reference date, and a child born after it is not
 *   yet on any register or named on any event;
 * - they move: some households lived at another household's address (a real LSOA and postcode) earlier;
 * - they join and leave services: children born since are not on the registers, an event dated before a
 *   child's birth did not happen, a few pupils were on free school meals who no longer are, and a few
 *   survey respondents answered differently;
 * - mental health referrals rise in Hodge Hill: its earlier quarters had markedly fewer.
 * EHC plans are a stock rather than events in a window, but the same rule keeps the register level: in place of
 * a plan that started after the quarter's end, the quarter has one that started three years earlier.
 * Population estimates (mid-year, so the same all year) and the answer key are the latest quarter's.
 */
import { addYears, dayOf, partsOf, type Day } from './dates';
import type { Household, Person } from './population-types';
import type { Random } from './random';
import type { Services } from './services';
import type { World } from './generate';
import { ATTENDANCE_FILE } from './extracts/attendance';
import { SCHOOL_CENSUS_FILE } from './extracts/education';
import { POPULATION_FILE } from './extracts/population-estimates';

export interface SamplePeriod {
  /** Folder under samples/periods and part of the recipe's file name. */
  readonly slug: string;
  readonly label: string;
  readonly start: string;
  readonly end: string;
  /** How many quarters before the latest. */
  readonly quartersBack: number;
  /**
   * Extracts this quarter shares with the latest, beside the population estimates: its recipe names the latest
   * quarter's file and no copy is written. Q4's school census is the latest's (the spring 2024 census, taken on
   * 18 January 2024, inside Q4), and so is its attendance (the autumn 2023 and spring 2024 terms, both over by
   * 31 March 2024).
   */
  readonly sharedWithLatest: readonly string[];
}

/** The latest quarter is the committed samples' own (reference day 30 June 2024). */
export const LATEST_PERIOD: SamplePeriod = { slug: '2024-25-q1', label: '2024/25 Q1', start: '2024-04-01', end: '2024-06-30', quartersBack: 0, sharedWithLatest: [] };

export const EARLIER_PERIODS: readonly SamplePeriod[] = [
  { slug: '2023-24-q2', label: '2023/24 Q2', start: '2023-07-01', end: '2023-09-30', quartersBack: 3, sharedWithLatest: [] },
  { slug: '2023-24-q3', label: '2023/24 Q3', start: '2023-10-01', end: '2023-12-31', quartersBack: 2, sharedWithLatest: [] },
  { slug: '2023-24-q4', label: '2023/24 Q4', start: '2024-01-01', end: '2024-03-31', quartersBack: 1, sharedWithLatest: [SCHOOL_CENSUS_FILE, ATTENDANCE_FILE] },
];

/** Share of households that moved into their current address within each quarter. */
const MOVES_PER_QUARTER = 0.02;
/** Share of Hodge Hill's referrals that had not been made yet, per quarter back (referrals rise there). */
const HODGE_HILL_REFERRALS_LATER_PER_QUARTER = 0.12;
/** Share of pupils not on free school meals now who were eligible, per quarter back (poverty eases a little). */
const FSM_LEFT_PER_QUARTER = 0.02;
/** Share of survey respondents whose answer was the other one, per quarter back. */
const ANSWER_CHANGED_PER_QUARTER = 0.02;

/** The activity extracts cover this many years to the quarter's end. */
const ACTIVITY_YEARS = 3;
/** The suspensions extract covers the year to the quarter's end (the latest quarter's is the 2023/24 school year). */
const SUSPENSION_YEARS = 1;

function dayOfIso(text: string): Day {
  const [year, month, dayOfMonth] = text.split('-').map(Number) as [number, number, number];
  return dayOf(year, month, dayOfMonth);
}

/** First and last day of a quarter's activity extracts: the three years to its end. */
export function activityWindowOf(period: SamplePeriod): readonly [Day, Day] {
  const end = dayOfIso(period.end);
  return [addYears(end, -ACTIVITY_YEARS) + 1, end];
}

/**
 * The day an event of the latest world has in the quarter ending on `end`: its own day if it had happened by
 * then, otherwise the same day `years` earlier (which falls in the months the quarter's window has and the
 * latest's does not). A child born since that earlier day had the event on a day between their birth and
 * the quarter's end instead, so young children's events are not lost; null if they were not yet born.
 */
function dayInQuarter(day: Day, end: Day, years: number, birthDay: Day, random: Random): Day | null {
  if (day <= end) return day;
  const earlier = addYears(day, -years);
  if (earlier > birthDay) return earlier;
  return birthDay < end ? random.int(birthDay + 1, end) : null;
}

function isDated<T extends { readonly day: Day | null }>(entry: T): entry is T & { readonly day: Day } {
  return entry.day !== null;
}

/** The city as it stood at the end of `period`: same people and indexes, earlier addresses, events of its own window. */
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
  const redateRandom = random.fork('redate');
  const answerRandom = random.fork('answers');
  const services: Services = {
    gpPracticeOf: new Map([...source.gpPracticeOf].filter(([person]) => born(person)).map(([person, practice]) => [now(person), practice])),
    healthRegister: source.healthRegister.filter(born).map(now),
    schools: source.schools,
    pupils: source.pupils.map((pupil) => pupilOf.get(pupil) as Services['pupils'][number]),
    outOfSight: new Set([...source.outOfSight].filter(born).map(now)),
    referrals: source.referrals
      .map((referral) => ({ ...referral, person: now(referral.person), day: dayInQuarter(referral.day, end, ACTIVITY_YEARS, referral.person.birthDay, redateRandom) }))
      .filter(isDated)
      .filter((referral) => referral.person.locality !== 'Hodge Hill' || !referralRandom.chance(HODGE_HILL_REFERRALS_LATER_PER_QUARTER * period.quartersBack))
      .sort((left, right) => left.day - right.day || left.person.index - right.person.index),
    episodes: source.episodes.flatMap((episode) => {
      const referralDay = dayInQuarter(episode.referralDay, end, ACTIVITY_YEARS, episode.person.birthDay, redateRandom);
      if (referralDay === null) return [];
      const shift = referralDay - episode.referralDay;
      const childProtection = episode.childProtection && episode.childProtection.startDay + shift <= end ? { ...episode.childProtection, startDay: episode.childProtection.startDay + shift } : null;
      const lookedAfterStartDay = episode.lookedAfterStartDay !== null && episode.lookedAfterStartDay + shift <= end ? episode.lookedAfterStartDay + shift : null;
      return [{ ...episode, person: now(episode.person), referralDay, assessmentStartDay: episode.assessmentStartDay + shift, assessmentEndDay: episode.assessmentEndDay + shift, childProtection, lookedAfterStartDay }];
    }),
    incidents: source.incidents.flatMap((incident) => {
      // Everyone in the household born by the quarter's end is named: a re-dated incident falls after the youngest's birth.
      const bornByEnd = incident.members.filter((member) => member.birthDay < end);
      if (bornByEnd.length === 0) return [];
      const day = dayInQuarter(incident.day, end, ACTIVITY_YEARS, Math.max(...bornByEnd.map((member) => member.birthDay)), redateRandom);
      if (day === null) return [];
      const members = bornByEnd.filter((member) => member.birthDay < day).map(now);
      const reference = incident.reference.replace(/^DA\/\d{4}\//, `DA/${partsOf(day).year}/`);
      return [{ ...incident, day, reference, household: households[incident.household.index] as Household, members }];
    }).sort((left, right) => left.day - right.day || left.household.index - right.household.index),
    ehcPlans: source.ehcPlans.flatMap((plan) => {
      const startDay = dayInQuarter(plan.startDay, end, ACTIVITY_YEARS, plan.person.birthDay, redateRandom);
      return startDay === null ? [] : [{ ...plan, startDay, person: now(plan.person) }];
    }),
    suspensions: source.suspensions
      .map((suspension) => ({ ...suspension, startDay: dayInQuarter(suspension.startDay, end, SUSPENSION_YEARS, suspension.pupil.person.birthDay, redateRandom) as Day, pupil: pupilOf.get(suspension.pupil) as Services['pupils'][number] })),
    survey: source.survey.map((response) => ({ person: now(response.person), happy: answerRandom.chance(ANSWER_CHANGED_PER_QUARTER * period.quartersBack) ? !response.happy : response.happy })),
  };
  return { city: { geography: world.city.geography, people, households }, services };
}

/** The latest quarter's files an earlier quarter uses as they are: the mid-year population estimates and its own shared extracts. */
export function filesSharedWithLatest(period: SamplePeriod): ReadonlySet<string> {
  return new Set([POPULATION_FILE, ...period.sharedWithLatest]);
}

/** The recipe of an earlier quarter: the latest recipe with that quarter's period and its extracts' folder. */
export function periodRecipe(latest: Record<string, unknown>, period: SamplePeriod, sharedFiles: ReadonlySet<string> = filesSharedWithLatest(period)): Record<string, unknown> {
  const sources = (latest.sources as Record<string, unknown>[]).map((entry) => {
    const file = String(entry.file);
    return sharedFiles.has(file) ? entry : { ...entry, file: `periods/${period.slug}/${file}` };
  });
  return { ...latest, referenceDate: period.end, period: { label: period.label, start: period.start, end: period.end, referenceDate: period.end }, sources };
}
