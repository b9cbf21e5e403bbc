import { describe, expect, it } from 'vitest';
import { villageOverTimeSentence, villagersChange } from './village-over-time';

describe('the village of 100 over time', () => {
  const poverty = {
    indicator: 'Poverty',
    area: 'Birmingham',
    periods: [
      { period: '2024/25 Q3', per100: 42 },
      { period: '2024/25 Q4', per100: 41 },
      { period: '2025/26 Q1', per100: 40 },
    ],
  };

  it('says the first period and now', () => {
    expect(villageOverTimeSentence(poverty, 100)).toBe('Poverty in Birmingham: 42 of 100 in 2024/25 Q3, 40 of 100 now (2025/26 Q1).');
    expect(villagersChange(poverty)).toBe(-2);
  });

  it('says withheld rather than a number, and gives no change across a withheld end', () => {
    const withheld = { ...poverty, periods: [{ period: '2024/25 Q3', per100: null }, ...poverty.periods.slice(1)] };
    expect(villageOverTimeSentence(withheld, 100)).toBe('Poverty in Birmingham: withheld in 2024/25 Q3, 40 of 100 now (2025/26 Q1).');
    expect(villagersChange(withheld)).toBeNull();
    expect(villageOverTimeSentence({ ...poverty, periods: poverty.periods.slice(2) }, 100)).toBe('Poverty in Birmingham: 40 of 100 now (2025/26 Q1).');
  });
});
