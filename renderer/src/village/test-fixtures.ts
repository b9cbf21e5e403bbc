import type { PublishedCount, VillageJson } from '../../../shared/village';

/** Hand-made village.json pieces for the unit tests beside this file; no screen imports it. */

export function published(value: number): PublishedCount {
  return { value, display: String(value), status: 'published' };
}

export function hidden(status: 'primary' | 'secondary' = 'primary'): PublishedCount {
  return { value: null, display: 'c', status };
}

const indicatorFigure = (id: string, count: PublishedCount, denominator: PublishedCount, per100: number | null) => ({
  id,
  count,
  denominator,
  rate: per100,
  rateDisplay: per100 === null ? 'c' : `${per100}.0`,
  per100,
  smallDenominator: false,
});

export function fixtureVillage(): VillageJson {
  return {
    format: 'village-workbench/village',
    version: 2,
    title: 'Test village',
    referenceDate: '2024-06-30',
    period: { label: 'As at 2024-06-30', start: '2024-06-30', end: '2024-06-30', referenceDate: '2024-06-30' },
    periods: [{ label: 'As at 2024-06-30', start: '2024-06-30', end: '2024-06-30', referenceDate: '2024-06-30', runId: 'run-00000000', finishedAt: '2026-01-01T00:00:00Z' }],
    generatedAt: '2026-01-02T03:04:05Z',
    recipe: { file: 'test.recipe.json', sha256: 'a'.repeat(64) },
    sources: [
      { id: 'population', file: 'population_estimates.xlsx', sheet: 'Age and sex', specId: 'population-estimates', sha256: 'b'.repeat(64), sizeBytes: 10, rowsRead: 5, rowsImported: 5, rowsRejected: 0, importedAt: '2026-01-02T03:00:00Z', findings: {}, validationReports: [] },
      { id: 'police_da', file: 'police.csv', sheet: null, specId: 'police-domestic-abuse', sha256: 'c'.repeat(64), sizeBytes: 10, rowsRead: 5, rowsImported: 5, rowsRejected: 0, importedAt: '2026-01-02T03:00:00Z', findings: { errors: 2 }, validationReports: [] },
    ],
    suppression: { threshold: 5, symbol: 'c', rule: 'Counts from 1 to 4 are shown as "c".' },
    geography: { localitySource: 'test', overrides: {}, wards: [] },
    village: { size: 100, partitions: ['sex', 'ethnicity'], ageBands: [{ label: '0-17', min: 0, max: 17 }], smallAreaMinimum: 1000 },
    indicators: [
      { id: 'poverty', name: 'Poverty', description: 'Children in poverty.', kind: 'people', ageRange: [0, 17], ageAt: null, unit: 100, levels: ['city', 'locality'], denominator: 'population', estimate: 'observed' },
    ],
    areas: [
      {
        level: 'city',
        code: 'E08000025',
        name: 'Birmingham',
        parent: null,
        population: published(22500),
        smallArea: false,
        partitions: [
          { partition: 'sex', total: published(22500), categories: [{ label: 'Male', count: published(11025), villagers: 49 }, { label: 'Female', count: published(11025), villagers: 49 }, { label: 'Non-binary', count: published(450), villagers: 2 }] },
          { partition: 'ethnicity', total: published(22500), categories: [{ label: 'White British', count: published(20000), villagers: 89 }, { label: 'Chinese', count: published(2500), villagers: 11 }] },
        ],
        indicators: [indicatorFigure('poverty', published(10181), published(22500), 45)],
        unresolved: { poverty: published(12) },
        unresolvedDenominators: { poverty: published(40) },
      },
      {
        level: 'locality',
        code: 'Hodge Hill',
        name: 'Hodge Hill',
        parent: null,
        population: published(900),
        smallArea: true,
        partitions: [
          { partition: 'sex', total: published(900), categories: [{ label: 'Female', count: published(460), villagers: 51 }, { label: 'Male', count: hidden('secondary'), villagers: null }, { label: 'Non-binary', count: hidden(), villagers: null }] },
          { partition: 'ethnicity', total: published(900), categories: [{ label: 'White British', count: published(500), villagers: 56 }, { label: 'Chinese', count: published(400), villagers: 44 }] },
        ],
        indicators: [indicatorFigure('poverty', hidden(), published(900), null)],
        unresolved: {},
        unresolvedDenominators: {},
      },
    ],
    unresolved: [{ source: 'police_da', reason: 'unknown-ward-name', records: published(7), exampleRows: [3, 9] }],
    linkage: {
      sources: ['police_da', 'population'],
      records: published(100),
      people: published(80),
      perSource: [
        {
          source: 'police_da',
          records: published(50),
          people: published(45),
          peopleMatchedElsewhere: published(40),
          peopleUnmatched: published(5),
          matchedShare: { value: 40 / 45, display: '88.9%', denominator: published(45), denominatorLabel: 'people in police_da' },
          unmatchedShare: { value: 5 / 45, display: '11.1%', denominator: published(45), denominatorLabel: 'people in police_da' },
        },
      ],
      pairs: [
        {
          sourceA: 'police_da',
          sourceB: 'school_census',
          peopleInBoth: published(30),
          shareOfA: { value: 30 / 45, display: '66.7%', denominator: published(45), denominatorLabel: 'people in police_da' },
          shareOfB: { value: 30 / 1200, display: '2.5%', denominator: published(1200), denominatorLabel: 'people in school_census' },
        },
      ],
      keys: [{ key: 'nhs', fields: 'NHS number', merges: published(20), crossSourceMerges: published(10), recordsLinkedBy: published(30), keptApart: published(0) }],
      conflicts: [{ key: 'nhs', kind: 'dob', resolution: 'kept-apart', count: hidden() }],
      peopleWithoutAge: published(0),
      peopleWithoutWard: published(6),
    },
    outcomes: { framework: [], trends: [], methods: [] },
  };
}
