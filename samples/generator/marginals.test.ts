import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld } from './generate';
import { AGE_BANDS, ETHNIC_GROUPS, SEXES, VILLAGE } from './population-types';
import { LOCALITIES } from './reference';
import { type AreasTruth, computeAreas } from './truth';

describe('the scale-1 city against the published village', () => {
  let areas: AreasTruth;
  let latent: { acute: number; mentalHealth: number };

  beforeAll(() => {
    const world = buildWorld({ seed: 7, scale: 1 });
    areas = computeAreas(world.city, world.services);
    latent = {
      acute: world.city.people.filter((person) => person.acuteHouseholdNeed).length,
      mentalHealth: world.city.people.filter((person) => person.mentalHealthNeed).length,
    };
  }, 120_000);

  it('has about 450,000 people aged 0-25', () => {
    expect(areas.city.population).toBe(450_000);
  });

  it('matches the sex, age band and ethnicity partitions to within one per hundred', () => {
    for (const sex of SEXES) expect(Math.abs((areas.city.village.sex[sex] as number) - VILLAGE.sex[sex])).toBeLessThanOrEqual(1);
    for (const band of AGE_BANDS) expect(Math.abs((areas.city.village.ageBand[band] as number) - VILLAGE.ageBand[band])).toBeLessThanOrEqual(1);
    for (const group of ETHNIC_GROUPS) expect(Math.abs((areas.city.village.ethnicity[group] as number) - VILLAGE.ethnicity[group])).toBeLessThanOrEqual(1);
  });

  it('matches poverty, acute household need, mental health need and happiness to within one per hundred', () => {
    const indicators = areas.city.indicators;
    expect(Math.abs((indicators.poverty?.rate as number) - VILLAGE.poverty)).toBeLessThanOrEqual(1);
    expect(Math.abs((indicators.acute_household_need?.rate as number) - VILLAGE.acuteHouseholdNeed)).toBeLessThanOrEqual(1);
    expect(Math.abs((indicators.mental_health_need?.rate as number) - VILLAGE.mentalHealthNeed)).toBeLessThanOrEqual(1);
    expect(Math.abs((indicators.happy?.rate as number) - VILLAGE.happy)).toBeLessThanOrEqual(1);
  });

  it('derives acute household need and mental health need from agency records exactly', () => {
    expect(areas.city.indicators.acute_household_need?.count).toBe(latent.acute);
    expect(areas.city.indicators.mental_health_need?.count).toBe(latent.mentalHealth);
  });

  it('puts the most poverty in Hodge Hill, the least in Sutton Coldfield, and more than half in exactly three localities', () => {
    const rates = LOCALITIES.map((locality) => ({ locality, rate: areas.localities[locality]?.indicators.poverty?.rate as number }));
    const sorted = [...rates].sort((left, right) => right.rate - left.rate);
    expect(sorted[0]?.locality).toBe('Hodge Hill');
    expect(sorted.at(-1)?.locality).toBe('Sutton Coldfield');
    expect(rates.filter(({ rate }) => rate > 50)).toHaveLength(3);
  });

  it('keeps statutory and SEND rates in realistic proportions', () => {
    const rate = (name: string): number => areas.city.indicators[name]?.rate as number;
    expect(rate('ehc_plan')).toBeGreaterThan(2);
    expect(rate('ehc_plan')).toBeLessThan(5);
    expect(rate('sen_support')).toBeGreaterThan(10);
    expect(rate('sen_support')).toBeLessThan(16);
    expect(rate('child_in_need')).toBeGreaterThan(3);
    expect(rate('child_in_need')).toBeLessThan(12);
    expect(rate('child_protection_plan')).toBeGreaterThan(0.3);
    expect(rate('child_protection_plan')).toBeLessThan(1.5);
    expect(rate('looked_after')).toBeGreaterThan(0.3);
    expect(rate('looked_after')).toBeLessThan(1.2);
    expect(rate('children_out_of_sight')).toBeGreaterThan(0.5);
    expect(rate('children_out_of_sight')).toBeLessThan(4);
  });

  it('does not put everyone in every agency', () => {
    const { distinctPeople, population } = { ...areas.city };
    expect(distinctPeople.health).toBeLessThan(population);
    expect(distinctPeople.education).toBeLessThan(population * 0.6);
    expect(distinctPeople.social_care).toBeLessThan(population * 0.1);
    expect(distinctPeople.police).toBeLessThan(population * 0.2);
  });

  it('adds the localities up to the city', () => {
    const sum = (pick: (area: AreasTruth['city']) => number): number => LOCALITIES.reduce((total, locality) => total + pick(areas.localities[locality] as AreasTruth['city']), 0);
    expect(sum((area) => area.population)).toBe(areas.city.population);
    expect(sum((area) => area.indicators.poverty?.count as number)).toBe(areas.city.indicators.poverty?.count);
    expect(sum((area) => area.distinctPeople.police as number)).toBe(areas.city.distinctPeople.police);
  });
});
