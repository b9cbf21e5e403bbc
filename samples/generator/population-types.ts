/**
 * The synthetic city's vocabulary: the village partitions the partnership publishes and the records
 * each person carries before any agency writes them down.
 */
import type { Day } from './dates';
import type { Locality, Lsoa } from './reference';

export const SEXES = ['Male', 'Female', 'Non-binary'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_BANDS = ['0-4', '5-9', '10-17', '18-25'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The ten groups of the published village, largest first. */
export const ETHNIC_GROUPS = [
  'White British',
  'Pakistani',
  'Other ethnicity',
  'Indian',
  'White other',
  'Black Caribbean',
  'Mixed ethnicity',
  'Bangladeshi',
  'Black African',
  'Chinese',
] as const;
export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];

/** The partnership's village of 100 aged 0–25 (Birmingham Children's Partnership, see shared/domain.md). */
export const VILLAGE = {
  sex: { Male: 49, Female: 49, 'Non-binary': 2 } satisfies Record<Sex, number>,
  ageBand: { '0-4': 19, '5-9': 18, '10-17': 27, '18-25': 36 } satisfies Record<AgeBand, number>,
  ethnicity: {
    'White British': 53,
    Pakistani: 14,
    'Other ethnicity': 7,
    Indian: 6,
    'White other': 5,
    'Black Caribbean': 4,
    'Mixed ethnicity': 4,
    Bangladeshi: 3,
    'Black African': 3,
    Chinese: 1,
  } satisfies Record<EthnicGroup, number>,
  poverty: 42,
  acuteHouseholdNeed: 19,
  mentalHealthNeed: 24,
  happy: 62,
} as const;

export const MAX_AGE = 25;

export function ageBandOf(age: number): AgeBand {
  if (age <= 4) return '0-4';
  if (age <= 9) return '5-9';
  if (age <= 17) return '10-17';
  return '18-25';
}

export interface AcuteNeed {
  domesticAbuse: boolean;
  parentalMentalHealth: boolean;
  substanceMisuse: 'alcohol' | 'drugs' | null;
  /** Set when the adult with the need is not the parent but another household member (a "C" factor). */
  otherAdult: boolean;
}

export interface Household {
  index: number;
  lsoa: Lsoa;
  postcode: string;
  surname: string;
  memberIndexes: number[];
  poverty: boolean;
  acuteNeed: AcuteNeed | null;
}

export interface Person {
  index: number;
  /** Stable synthetic identifier used only by the answer key (truth_links.csv, truth.json). */
  id: string;
  householdIndex: number;
  sex: Sex;
  age: number;
  birthDay: Day;
  ethnicity: EthnicGroup;
  forename: string;
  surname: string;
  nhsNumber: string;
  /** Allocated to everyone old enough to have started school; null for younger children. */
  upn: string | null;
  locality: Locality;
  lsoa: Lsoa;
  poverty: boolean;
  acuteHouseholdNeed: boolean;
  mentalHealthNeed: boolean;
}
