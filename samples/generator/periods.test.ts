import { describe, expect, it } from 'vitest';
import { dayOf } from './dates';
import { buildWorld } from './generate';
import { assessChange, wilsonInterval, type Interval } from '../../shared/statistics';
import { activityWindowOf, EARLIER_PERIODS, earlierWorld, LATEST_PERIOD, periodRecipe, type SamplePeriod } from './periods';
import { Random } from './random';

describe('earlier quarters of the synthetic city', () => {
  const world = buildWorld({ seed: 11, scale: 0.02 });
  const [q2] = EARLIER_PERIODS;
  const earlier = earlierWorld(world, q2!, new Random(11, 'period-test'));
  const end = dayOf(2023, 9, 30);

  it('has nobody born after the quarter on a register and no event after it', () => {
    expect(earlier.services.healthRegister.every((person) => person.birthDay <= end)).toBe(true);
    expect(earlier.services.referrals.every((referral) => referral.day <= end)).toBe(true);
    expect(earlier.services.episodes.every((episode) => episode.referralDay <= end)).toBe(true);
    expect(earlier.services.incidents.every((incident) => incident.day <= end)).toBe(true);
    expect(earlier.services.healthRegister.length).toBeLessThan(world.services.healthRegister.length);
  });

  it('keeps the same people, some at an earlier address, and has relatively fewer Hodge Hill referrals', () => {
    expect(earlier.city.people.map((person) => person.id)).toEqual(world.city.people.map((person) => person.id));
    const moved = earlier.city.households.filter((household, index) => household.lsoa !== world.city.households[index]?.lsoa).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(world.city.households.length * 0.1);
    const share = (referrals: typeof world.services.referrals, inHodgeHill: boolean) =>
      referrals.filter((referral) => (referral.person.locality === 'Hodge Hill') === inHodgeHill && referral.day <= end).length;
    const hodgeHillKept = share(earlier.services.referrals, true) / share(world.services.referrals, true);
    const elsewhereKept = share(earlier.services.referrals, false) / share(world.services.referrals, false);
    expect(hodgeHillKept).toBeLessThan(elsewhereKept - 0.15);
  });

  it("writes the quarter's recipe with its period and its own extracts, sharing the population estimates", () => {
    const recipe = periodRecipe({ referenceDate: '2024-06-30', sources: [{ id: 'a', file: 'a.csv' }, { id: 'p', file: 'population_estimates.xlsx' }] }, q2!, new Set(['population_estimates.xlsx']));
    expect(recipe.referenceDate).toBe('2023-09-30');
    expect(recipe.period).toEqual({ label: '2023/24 Q2', start: '2023-07-01', end: '2023-09-30', referenceDate: '2023-09-30' });
    expect(recipe.sources).toEqual([{ id: 'a', file: 'periods/2023-24-q2/a.csv' }, { id: 'p', file: 'population_estimates.xlsx' }]);
  });
});

describe('the committed series (seed 7, scale 0.05)', () => {
  const latest = buildWorld({ seed: 7, scale: 0.05 });
  const quarters = [...EARLIER_PERIODS.map((period) => ({ period, world: earlierWorld(latest, period, new Random(7, `period-${period.slug}`)) })), { period: LATEST_PERIOD, world: latest }];
  const localities = [...new Set(latest.city.people.map((person) => person.locality))].sort();

  /** Share of a locality's children (born by the quarter's end) referred to mental health services, as a Wilson estimate. */
  function referralRate(world: typeof latest, end: number, locality: string) {
    const children = world.city.people.filter((person) => person.locality === locality && person.birthDay <= end);
    const referred = new Set(world.services.referrals.filter((referral) => referral.person.locality === locality).map((referral) => referral.person.index));
    const value = (100 * referred.size) / children.length;
    const interval = wilsonInterval(referred.size, children.length, 99.8) as Interval;
    return { value, interval: [interval[0] * 100, interval[1] * 100] as const };
  }
  const endOf = (period: SamplePeriod) => activityWindowOf(period)[1];

  it("gives every quarter its own three-year activity window, with no event outside it", () => {
    for (const { period, world } of quarters) {
      const [first, last] = activityWindowOf(period);
      expect(last - first).toBeGreaterThan(365 * 3 - 2);
      expect(world.services.referrals.every((referral) => referral.day >= first && referral.day <= last && referral.person.birthDay < referral.day)).toBe(true);
      expect(world.services.episodes.every((episode) => episode.referralDay >= first && episode.referralDay <= last)).toBe(true);
      expect(world.services.incidents.every((incident) => incident.day >= first && incident.day <= last)).toBe(true);
      expect(world.services.suspensions.every((suspension) => suspension.startDay <= last && suspension.startDay > last - 366)).toBe(true);
    }
  });

  it("rises in Hodge Hill's referral rate every quarter, significantly over the year, while the other localities' change is within noise", () => {
    const hodgeHill = quarters.map(({ period, world }) => referralRate(world, endOf(period), 'Hodge Hill'));
    for (let index = 1; index < hodgeHill.length; index += 1) expect(hodgeHill[index]!.value).toBeGreaterThan(hodgeHill[index - 1]!.value);
    expect(assessChange(hodgeHill[0]!, hodgeHill.at(-1)!, 'lower-is-better').significant).toBe(true);
    for (const locality of localities.filter((name) => name !== 'Hodge Hill')) {
      const rates = quarters.map(({ period, world }) => referralRate(world, endOf(period), locality));
      expect(assessChange(rates[0]!, rates.at(-1)!, 'lower-is-better').significant, locality).toBe(false);
      expect(Math.abs(rates.at(-1)!.value / rates[0]!.value - 1), locality).toBeLessThan(0.06);
    }
  });

  it('keeps episodes, incidents, suspensions and EHC plans level in every locality (within Poisson noise) rather than growing with the window', () => {
    const countIn = (world: typeof latest, locality: string) => [
      world.services.episodes.filter((episode) => episode.person.locality === locality).length,
      world.services.incidents.filter((incident) => incident.household.lsoa.ward.locality === locality).length,
      world.services.suspensions.filter((suspension) => suspension.pupil.person.locality === locality).length,
      world.services.ehcPlans.filter((plan) => plan.person.locality === locality).length,
    ];
    for (const locality of localities) {
      const latestCounts = countIn(latest, locality);
      for (const { world } of quarters.slice(0, -1)) {
        countIn(world, locality).forEach((count, kind) => expect(Math.abs(count - latestCounts[kind]!), `${locality} ${kind}`).toBeLessThanOrEqual(3 * Math.sqrt(latestCounts[kind]!)));
      }
    }
  });
});
