import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../shared/recipe';
import type { AreaView, IndicatorDefinitionView, PublishedCount, VillageJson } from '../../../shared/village';
import { buildOutcomes, type PeriodFigures } from '../village/outcomes';
import { profileSection } from './outcomes-html';
import { localityTrend, profileTable } from './outcomes-views';

const published = (value: number): PublishedCount => ({ value, display: String(value), status: 'published' });

const poverty: IndicatorDefinitionView = {
  id: 'poverty', name: 'Poverty', description: 'In poverty.', kind: 'people', ageRange: [0, 17], ageAt: null, unit: 100, levels: ['city', 'locality'], denominator: 'population', estimate: 'observed',
};

function area(level: 'city' | 'locality', code: string, count: number, denominator: number): AreaView {
  const rate = (count / denominator) * 100;
  return {
    level, code, name: code, parent: null, population: published(denominator), smallArea: false, partitions: [],
    indicators: [{ id: 'poverty', count: published(count), denominator: published(denominator), rate, rateDisplay: rate.toFixed(1), per100: Math.round(rate), smallDenominator: false }],
    unresolved: {}, unresolvedDenominators: {},
  };
}

function period(label: string, end: string, areas: AreaView[]): PeriodFigures {
  return { period: { label, start: end, end, referenceDate: end, runId: `run-${label}`, finishedAt: `${end}T12:00:00Z` }, village: { areas, indicators: [poverty] } };
}

const framework: Outcome[] = [{ id: 'belonging', title: 'Belonging', indicators: [{ indicator: 'poverty', polarity: 'lower-is-better' }] }];

// Hodge Hill 200 → 240 of 1,000 (significant at 95%, not at 99.8%) and 200 → 260 from the first (significant at
// both): the hand-computed cases of shared/statistics.test.ts. The city stays at 20%.
const first = period('Q1', '2024-03-31', [area('city', 'City', 2000, 10_000), area('locality', 'Hodge Hill', 200, 1000)]);
const second = period('Q2', '2024-06-30', [area('city', 'City', 2000, 10_000), area('locality', 'Hodge Hill', 260, 1000)]);
const third = period('Q3', '2024-09-30', [area('city', 'City', 2000, 10_000), area('locality', 'Hodge Hill', 240, 1000)]);
const built = buildOutcomes(third, [first, second], framework);
const village = { indicators: [poverty], outcomes: built.outcomes, periods: built.periods, period: built.periods.at(-1), suppression: { symbol: 'c', rule: 'Counts 1 to 4 are withheld.' } } as unknown as VillageJson;

describe('changes at 95% and 99.8% in the outcomes outputs', () => {
  it("puts both levels' calls beside each change in the profile sheet", () => {
    const table = profileTable(village, localityTrend(village, 'Hodge Hill'));
    const [row] = table.rows;
    const cell = (name: string) => row?.[table.header.indexOf(name)];
    expect(cell('Change since previous')).toBe(-2);
    expect(cell('Change since previous is (95%)')).toBe('similar');
    expect(cell('Change since previous is (99.8%)')).toBe('similar');
    expect(cell('Change since first')).toBe(4);
    expect(cell('Change since first is (95%)')).toBe('worse');
    expect(cell('Change since first is (99.8%)')).toBe('similar');
  });

  it("words the change's significance at both levels in the report's profile", () => {
    const rising = buildOutcomes(second, [first], framework);
    const html = profileSection({ ...village, outcomes: rising.outcomes, periods: rising.periods }, localityTrend({ ...village, outcomes: rising.outcomes }, 'Hodge Hill'), 2);
    expect(html).toContain('↑ +6 since Q1 (worse at 95%; worse at 99.8%)');
    const moderate = buildOutcomes(third, [first], framework);
    const moderateHtml = profileSection({ ...village, outcomes: moderate.outcomes, periods: moderate.periods }, localityTrend({ ...village, outcomes: moderate.outcomes }, 'Hodge Hill'), 2);
    expect(moderateHtml).toContain('↑ +4 since Q1 (worse at 95%; not significant at 99.8%)');
  });
});
