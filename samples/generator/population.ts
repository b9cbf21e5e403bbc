/**
 * The synthetic city: people aged 0–25 in households placed in real LSOAs. Sex, age band and ethnicity
 * are allocated by quota so the city matches the published village exactly; poverty, acute household
 * need and mental health need are chosen by quota among scored households or people, with scores
 * driven by the real IoD2019 income ranks of their LSOA.
 */
import { isValidNhsNumber, nhsCheckDigit, upnCheckLetter } from '../../shared/identifiers';
import { ACADEMIC_AGE_DAY, addYears, ageOn, partsOf, REFERENCE_DAY } from './dates';
import { namePool } from './names';
import {
  AGE_BANDS,
  ETHNIC_GROUPS,
  SEXES,
  VILLAGE,
  type AcuteNeed,
  type EthnicGroup,
  type Household,
  type Person,
  type Sex,
} from './population-types';
import { largestRemainder } from './quotas';
import type { Random } from './random';
import { ENGLAND_LSOA11_COUNT, type Geography, type Locality, type Lsoa } from './reference';
import { selectToTarget, WeightedTable } from './selection';

/** About 450,000 people aged 0–25 live in Birmingham; scale multiplies it. */
export const PEOPLE_AT_SCALE_ONE = 450_000;

/** Birmingham's local authority number, the first three digits of every UPN body allocated here. */
const BIRMINGHAM_LA_NUMBER = '330';

/**
 * Postcode districts used for each locality. The districts are Birmingham's B1–B99 range, grouped
 * roughly as they sit on the map; every full postcode made from them is invented.
 */
const POSTCODE_DISTRICTS: Record<Locality, readonly string[]> = {
  'Sutton Coldfield': ['B72', 'B73', 'B74', 'B75', 'B76'],
  'Perry Barr': ['B20', 'B42', 'B43', 'B44'],
  Ladywood: ['B1', 'B3', 'B4', 'B5', 'B6', 'B7', 'B16', 'B18', 'B19'],
  Edgbaston: ['B15', 'B17', 'B32'],
  Northfield: ['B31', 'B38', 'B45'],
  Erdington: ['B23', 'B24', 'B35'],
  'Hodge Hill': ['B8', 'B9', 'B34', 'B36'],
  Yardley: ['B10', 'B25', 'B26', 'B33'],
  'Hall Green': ['B11', 'B12', 'B13', 'B28'],
  'Selly Oak': ['B14', 'B29', 'B30'],
};
/** Letters that appear in the last two characters of a UK postcode (C, I, K, M, O and V never do). */
const POSTCODE_UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * Invented relative weights of each ethnic group (in ETHNIC_GROUPS order) by locality, shaped like the
 * city's well-known geography (Pakistani families concentrated in Hodge Hill and Hall Green, White British
 * in Sutton Coldfield and Northfield). Quotas then pull the city total to the village exactly.
 */
const ETHNICITY_WEIGHTS: Record<Locality, readonly number[]> = {
  'Sutton Coldfield': [82, 2, 2, 5, 3, 1, 3, 0.3, 1, 0.7],
  'Perry Barr': [35, 12, 9, 14, 4, 9, 5, 5, 6, 1],
  Ladywood: [25, 18, 12, 5, 8, 7, 5, 8, 9, 3],
  Edgbaston: [50, 10, 7, 8, 6, 5, 5, 2, 4, 3],
  Northfield: [80, 3, 3, 2, 4, 2, 4, 0.5, 1, 0.5],
  Erdington: [62, 5, 6, 3, 6, 7, 5, 1, 4, 1],
  'Hodge Hill': [28, 38, 10, 2, 5, 3, 4, 6, 4, 0.3],
  Yardley: [48, 22, 7, 2, 6, 3, 4, 4, 4, 0.3],
  'Hall Green': [25, 40, 10, 8, 3, 4, 4, 5, 3, 1],
  'Selly Oak': [70, 5, 5, 4, 6, 2, 4, 1, 1.5, 1.5],
};

/** Number of people aged 0–25 per household: many households hold one or two, a few hold five. */
const HOUSEHOLD_SIZE_WEIGHTS = [0, 30, 30, 22, 12, 6];

/**
 * Poverty model (see localityPovertyTargets and povertyScore). A locality's rate rises along a logistic
 * curve of its mean deprivation score, from a floor (no locality has no poor families); within a locality,
 * households in more deprived LSOAs, larger families and groups with higher national child-poverty rates
 * are chosen first. The constants are calibrated: city 42%, Hodge Hill highest, Sutton Coldfield lowest,
 * exactly three localities above half.
 */
const POVERTY_LOCALITY_SLOPE = 1.5;
const POVERTY_FLOOR = 0.08;
const POVERTY_DEPRIVATION_SLOPE = 1.35;
/** Young adults living without children are less often counted as having grown up in a poor home. */
const POVERTY_ADULT_ONLY_EFFECT = -0.5;
/** Families with more children are more often poor (a well-established pattern in UK child poverty). */
const POVERTY_PER_EXTRA_CHILD = 0.35;
/** How strongly families with more children gather in LSOAs where children are a larger share of residents. */
const LARGE_FAMILY_CONCENTRATION = 1;

export interface City {
  geography: Geography;
  people: Person[];
  households: Household[];
}

function logit(probability: number): number {
  return Math.log(probability / (1 - probability));
}

function rankLogOdds(rank: number): number {
  return -logit((rank - 0.5) / ENGLAND_LSOA11_COUNT);
}

/**
 * How deprived an LSOA is, as log-odds of its IoD2019 ranks (high near rank 1, England's most deprived),
 * weighted 0.3 income, 0.5 employment, 0.2 education and skills (which holds the children and young
 * people sub-domain): the village counts those who "grew up in poverty and deprivation". The weights were
 * chosen so the published pattern holds (see samples/README.md, "How the city is made").
 */
export function deprivationScore(lsoa: Lsoa): number {
  return 0.3 * rankLogOdds(lsoa.incomeRank) + 0.5 * rankLogOdds(lsoa.employmentRank) + 0.2 * rankLogOdds(lsoa.educationRank);
}

function allocateAges(total: number, random: Random): number[] {
  const bandCounts = largestRemainder(total, AGE_BANDS.map((band) => VILLAGE.ageBand[band]));
  const bandAges: number[][] = [
    [0, 1, 2, 3, 4],
    [5, 6, 7, 8, 9],
    [10, 11, 12, 13, 14, 15, 16, 17],
    [18, 19, 20, 21, 22, 23, 24, 25],
  ];
  const ages: number[] = [];
  bandAges.forEach((agesInBand, bandIndex) => {
    const perAge = largestRemainder(bandCounts[bandIndex] as number, agesInBand.map(() => 1));
    agesInBand.forEach((age, ageIndex) => {
      for (let count = 0; count < (perAge[ageIndex] as number); count += 1) ages.push(age);
    });
  });
  return random.shuffle(ages);
}

function allocateSexes(total: number, random: Random): Sex[] {
  const counts = largestRemainder(total, SEXES.map((sex) => VILLAGE.sex[sex]));
  const sexes: Sex[] = [];
  SEXES.forEach((sex, index) => {
    for (let count = 0; count < (counts[index] as number); count += 1) sexes.push(sex);
  });
  return random.shuffle(sexes);
}

/** A day of birth giving exactly `age` on the reference day. */
function birthDayFor(age: number, random: Random): number {
  const latest = addYears(REFERENCE_DAY, -age);
  const earliest = addYears(REFERENCE_DAY, -age - 1) + 1;
  return random.int(earliest, latest);
}

function drawHouseholdSizes(total: number, random: Random): number[] {
  const sizes: number[] = [];
  let placed = 0;
  while (placed < total) {
    const size = Math.min(random.weightedIndex(HOUSEHOLD_SIZE_WEIGHTS), total - placed);
    sizes.push(size);
    placed += size;
  }
  return sizes;
}

/**
 * Where households with 1, 2, 3… children live. Families with more children are drawn towards LSOAs
 * where children make up a larger share of residents (real IoD2019 denominators), as large families are.
 */
function childPlacementTables(geography: Geography): WeightedTable[] {
  const shares = geography.lsoas.map((lsoa) => lsoa.children0to15 / (lsoa.children0to15 + lsoa.people16to59));
  const meanShare = shares.reduce((sum, share) => sum + share, 0) / shares.length;
  return [1, 2, 3, 4, 5].map(
    (children) => new WeightedTable(geography.lsoas.map((lsoa, index) => lsoa.children0to15 * ((shares[index] as number) / meanShare) ** (LARGE_FAMILY_CONCENTRATION * (children - 1)))),
  );
}

function makePostcodeSectors(geography: Geography, random: Random): string[] {
  return geography.lsoas.map((lsoa) => `${random.pick(POSTCODE_DISTRICTS[lsoa.ward.locality])} ${random.int(0, 9)}`);
}

function unitLetters(random: Random): string {
  return `${random.pick([...POSTCODE_UNIT_LETTERS])}${random.pick([...POSTCODE_UNIT_LETTERS])}`;
}

/**
 * Gives every household an ethnic group so the city total matches the village exactly: each draw is
 * weighted by the locality's mix times the share of the group's quota still unfilled.
 */
function assignEthnicity(households: Household[], total: number, random: Random): Map<number, EthnicGroup[]> {
  const quota = largestRemainder(total, ETHNIC_GROUPS.map((group) => VILLAGE.ethnicity[group]));
  const remaining = [...quota];
  const byHousehold = new Map<number, EthnicGroup[]>();
  for (const household of random.shuffle([...households])) {
    const size = household.memberIndexes.length;
    const localWeights = ETHNICITY_WEIGHTS[household.lsoa.ward.locality];
    const weights = ETHNIC_GROUPS.map((_, index) =>
      (remaining[index] as number) >= size ? (localWeights[index] as number) * ((remaining[index] as number) / Math.max(1, quota[index] as number)) : 0,
    );
    if (weights.some((weight) => weight > 0)) {
      const groupIndex = random.weightedIndex(weights);
      remaining[groupIndex] = (remaining[groupIndex] as number) - size;
      byHousehold.set(household.index, Array.from({ length: size }, () => ETHNIC_GROUPS[groupIndex] as EthnicGroup));
    } else {
      // Near the end no single group has room for the whole household, so its members are split.
      const members: EthnicGroup[] = [];
      for (let member = 0; member < size; member += 1) {
        const groupIndex = random.weightedIndex(remaining.map((count) => Math.max(0, count)));
        remaining[groupIndex] = (remaining[groupIndex] as number) - 1;
        members.push(ETHNIC_GROUPS[groupIndex] as EthnicGroup);
      }
      byHousehold.set(household.index, members);
    }
  }
  return byHousehold;
}

function drawAcuteNeed(hasYoungAdult: boolean, random: Random): AcuteNeed {
  // A household whose 0–25s include adults is only visible through police incidents (social care sees
  // children), so its need always includes domestic abuse; see the README's indicator definitions.
  const domesticAbuse = hasYoungAdult || random.chance(0.72);
  let parentalMentalHealth = random.chance(0.45);
  let substanceMisuse: AcuteNeed['substanceMisuse'] = random.chance(0.35) ? (random.chance(0.55) ? 'alcohol' : 'drugs') : null;
  if (!domesticAbuse && !parentalMentalHealth && substanceMisuse === null) {
    if (random.chance(0.55)) parentalMentalHealth = true;
    else substanceMisuse = random.chance(0.55) ? 'alcohol' : 'drugs';
  }
  return { domesticAbuse, parentalMentalHealth, substanceMisuse, otherAdult: random.chance(0.12) };
}

class IdentifierFactory {
  private readonly usedNhsNumbers = new Set<string>();
  private readonly usedUpns = new Set<string>();

  constructor(private readonly random: Random) {}

  /** NHS numbers starting 999, the range the NHS keeps for test data, so no real patient's number appears. */
  nhsNumber(): string {
    for (;;) {
      const firstNine = `999${String(this.random.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsCheckDigit(firstNine);
      const candidate = `${firstNine}${check}`;
      if (check !== null && !this.usedNhsNumbers.has(candidate) && isValidNhsNumber(candidate)) {
        this.usedNhsNumbers.add(candidate);
        return candidate;
      }
    }
  }

  /** A UPN as an English school allocates it: check letter, LA number, establishment, year, serial. */
  upn(allocationYear: number): string {
    for (;;) {
      const establishment = String(this.random.int(2000, 4999));
      const serial = String(this.random.int(0, 999)).padStart(3, '0');
      const body = `${BIRMINGHAM_LA_NUMBER}${establishment}${String(allocationYear % 100).padStart(2, '0')}${serial}`;
      const upn = `${upnCheckLetter(body)}${body}`;
      if (!this.usedUpns.has(upn)) {
        this.usedUpns.add(upn);
        return upn;
      }
    }
  }
}

export function buildCity(geography: Geography, scale: number, random: Random): City {
  const total = Math.round(PEOPLE_AT_SCALE_ONE * scale);
  if (total < 100) throw new Error('Scale too small: the city needs at least 100 people');
  const ages = allocateAges(total, random.fork('ages'));
  const sexes = allocateSexes(total, random.fork('sexes'));

  const householdRandom = random.fork('households');
  const childWeightsBySize = childPlacementTables(geography);
  const adultWeights = new WeightedTable(geography.lsoas.map((lsoa) => lsoa.people16to59));
  const sectors = makePostcodeSectors(geography, random.fork('postcodes'));
  const households: Household[] = [];
  let nextPerson = 0;
  for (const size of drawHouseholdSizes(total, householdRandom)) {
    const memberIndexes = Array.from({ length: size }, (_, offset) => nextPerson + offset);
    nextPerson += size;
    const children = memberIndexes.filter((index) => (ages[index] as number) <= 17).length;
    // Households of young adults only follow the working-age population (students, city-centre flats).
    const table = children > 0 ? (childWeightsBySize[Math.min(children, childWeightsBySize.length) - 1] as WeightedTable) : adultWeights;
    const lsoa = geography.lsoas[table.indexAt(householdRandom.next())] as Lsoa;
    households.push({ index: households.length, lsoa, postcode: `${sectors[lsoa.index]}${unitLetters(householdRandom)}`, surname: '', memberIndexes, poverty: false, acuteNeed: null });
  }

  const ethnicity = assignEthnicity(households, total, random.fork('ethnicity'));
  const nameRandom = random.fork('names');
  const identifiers = new IdentifierFactory(random.fork('identifiers'));
  const birthRandom = random.fork('births');
  const people: Person[] = [];
  for (const household of households) {
    const groups = ethnicity.get(household.index) as EthnicGroup[];
    household.surname = nameRandom.pick(namePool(groups[0] as EthnicGroup).surnames);
    household.memberIndexes.forEach((personIndex, memberIndex) => {
      const group = groups[memberIndex] as EthnicGroup;
      const sex = sexes[personIndex] as Sex;
      const age = ages[personIndex] as number;
      const pool = namePool(group);
      const forenames = sex === 'Male' ? pool.boys : sex === 'Female' ? pool.girls : nameRandom.chance(0.5) ? pool.boys : pool.girls;
      // Some children carry another surname than the household's (step-families, older siblings).
      const surname = nameRandom.chance(0.08) ? nameRandom.pick(pool.surnames) : household.surname;
      const birthDay = birthDayFor(age, birthRandom);
      const hasStartedSchool = ageOn(birthDay, ACADEMIC_AGE_DAY) >= 4;
      people.push({
        index: personIndex,
        id: `P${String(personIndex + 1).padStart(6, '0')}`,
        householdIndex: household.index,
        sex,
        age,
        birthDay,
        ethnicity: group,
        forename: nameRandom.pick(forenames),
        surname,
        nhsNumber: identifiers.nhsNumber(),
        upn: hasStartedSchool ? identifiers.upn(partsOf(addYears(birthDay, 4)).year) : null,
        locality: household.lsoa.ward.locality,
        lsoa: household.lsoa,
        poverty: false,
        acuteHouseholdNeed: false,
        mentalHealthNeed: false,
      });
    });
  }
  if (people.length !== total || people.some((person, index) => person.index !== index)) throw new Error('People out of order');

  assignPoverty(geography, households, people, total, random.fork('poverty'));
  assignAcuteNeed(households, people, total, random.fork('acute-need'));
  assignMentalHealthNeed(people, total, random.fork('mental-health'));
  return { geography, people, households };
}

/**
 * Log-odds offsets for household poverty by ethnic group, reflecting the national pattern (DWP Households
 * Below Average Income) that children of Bangladeshi, Pakistani and Black African heritage are the most
 * likely to grow up in low-income homes: roughly 60% against 25% for White British, a log-odds gap of 1.5.
 */
const POVERTY_ETHNICITY_EFFECT: Record<EthnicGroup, number> = {
  'White British': 0,
  Pakistani: 1.5,
  'Other ethnicity': 0.5,
  Indian: 0,
  'White other': 0.3,
  'Black Caribbean': 0.3,
  'Mixed ethnicity': 0.3,
  Bangladeshi: 1.5,
  'Black African': 0.9,
  Chinese: 0,
};

function povertyScore(household: Household, people: Person[], random: Random): number {
  const first = people[household.memberIndexes[0] as number] as Person;
  const children = household.memberIndexes.filter((index) => (people[index] as Person).age <= 17).length;
  return (
    POVERTY_DEPRIVATION_SLOPE * deprivationScore(household.lsoa) +
    POVERTY_ETHNICITY_EFFECT[first.ethnicity] +
    (children === 0 ? POVERTY_ADULT_ONLY_EFFECT : POVERTY_PER_EXTRA_CHILD * (children - 1)) +
    random.logisticNoise()
  );
}

/**
 * Each locality's poverty rate is a logistic curve of its people's mean deprivation score; the curve's
 * intercept is solved so the city total is the village's 42%. Anchoring at locality level is what makes the
 * ordering follow IoD2019 (Hodge Hill highest, Sutton Coldfield lowest) and puts three localities above half.
 */
function localityPovertyTargets(geography: Geography, households: Household[], total: number): Map<Locality, number> {
  // The mean score is weighted by the real IoD2019 child counts, not the sampled people, so every scale
  // gives the same locality rates.
  const scoreSum = new Map<Locality, number>();
  const weightSum = new Map<Locality, number>();
  for (const lsoa of geography.lsoas) {
    const locality = lsoa.ward.locality;
    scoreSum.set(locality, (scoreSum.get(locality) ?? 0) + lsoa.children0to15 * deprivationScore(lsoa));
    weightSum.set(locality, (weightSum.get(locality) ?? 0) + lsoa.children0to15);
  }
  const population = new Map<Locality, number>();
  for (const household of households) {
    const locality = household.lsoa.ward.locality;
    population.set(locality, (population.get(locality) ?? 0) + household.memberIndexes.length);
  }
  const localities = [...population.keys()].sort();
  const meanScore = localities.map((locality) => (scoreSum.get(locality) as number) / (weightSum.get(locality) as number));
  const rate = (intercept: number, index: number): number =>
    POVERTY_FLOOR + (1 - POVERTY_FLOOR) / (1 + Math.exp(-(intercept + POVERTY_LOCALITY_SLOPE * (meanScore[index] as number))));
  const expectedPoor = (intercept: number): number => localities.reduce((sum, locality, index) => sum + (population.get(locality) as number) * rate(intercept, index), 0);
  const target = Math.round((total * VILLAGE.poverty) / 100);
  let low = -20;
  let high = 20;
  for (let step = 0; step < 100; step += 1) {
    const middle = (low + high) / 2;
    if (expectedPoor(middle) < target) low = middle;
    else high = middle;
  }
  const intercept = (low + high) / 2;
  const counts = largestRemainder(
    target,
    localities.map((locality, index) => (population.get(locality) as number) * rate(intercept, index)),
  );
  return new Map(localities.map((locality, index) => [locality, counts[index] as number]));
}

function assignPoverty(geography: Geography, households: Household[], people: Person[], total: number, random: Random): void {
  const targets = localityPovertyTargets(geography, households, total);
  const scores = new Map(households.map((household) => [household, povertyScore(household, people, random)]));
  for (const [locality, target] of targets) {
    const local = households.filter((household) => household.lsoa.ward.locality === locality);
    const poor = selectToTarget(local, (household) => scores.get(household) as number, (household) => household.memberIndexes.length, target);
    for (const household of poor) {
      household.poverty = true;
      for (const index of household.memberIndexes) (people[index] as Person).poverty = true;
    }
  }
}

function assignAcuteNeed(households: Household[], people: Person[], total: number, random: Random): void {
  const target = Math.round((total * VILLAGE.acuteHouseholdNeed) / 100);
  // Only households with a child can be seen by children's social care or Operation Encompass.
  const eligible = households.filter((household) => household.memberIndexes.some((index) => (people[index] as Person).age <= 17));
  const scores = new Map(eligible.map((household) => [household, -1.6 + (household.poverty ? 1.1 : 0) + 0.25 * deprivationScore(household.lsoa) + random.logisticNoise()]));
  const chosen = selectToTarget(eligible, (household) => scores.get(household) as number, (household) => household.memberIndexes.length, target);
  for (const household of eligible) {
    if (!chosen.has(household)) continue;
    const hasYoungAdult = household.memberIndexes.some((index) => (people[index] as Person).age >= 18);
    household.acuteNeed = drawAcuteNeed(hasYoungAdult, random);
    for (const index of household.memberIndexes) (people[index] as Person).acuteHouseholdNeed = true;
  }
}

/** Log-odds offsets by age: mental health needs are rare in the under-fives and peak in the late teens. */
function mentalHealthAgeEffect(age: number): number {
  if (age <= 4) return -3.2;
  if (age <= 9) return -0.9;
  if (age <= 17) return 0.35;
  return 0.45;
}

function assignMentalHealthNeed(people: Person[], total: number, random: Random): void {
  const target = Math.round((total * VILLAGE.mentalHealthNeed) / 100);
  const scores = new Map(people.map((person) => [person, mentalHealthAgeEffect(person.age) + (person.acuteHouseholdNeed ? 0.9 : 0) + (person.poverty ? 0.3 : 0) + random.logisticNoise()]));
  const chosen = selectToTarget(people, (person) => scores.get(person) as number, () => 1, target);
  for (const person of chosen) person.mentalHealthNeed = true;
}
