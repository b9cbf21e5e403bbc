import { describe, expect, it } from 'vitest';
import { dayOf } from './dates';
import { buildWorld } from './generate';
import { EARLIER_PERIODS, earlierWorld, periodRecipe } from './periods';
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
