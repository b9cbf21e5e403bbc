import { describe, expect, it } from 'vitest';
import { schoolLabel } from './dashboards';

const rule = { threshold: 5, symbol: 'c' };

describe('a school in the dashboards', () => {
  it('is named from the census with its URN beside the name, and its roll', () => {
    expect(schoolLabel('990021', { roll: 1312, name: 'Oakfield Primary School' }, rule)).toBe('Oakfield Primary School (URN 990021), 1312 on roll');
  });

  it('falls back to its URN where the census has no name for it, or no such column', () => {
    expect(schoolLabel('990021', { roll: 312, name: null }, rule)).toBe('School URN 990021, 312 on roll');
    expect(schoolLabel('990021', { roll: 312, name: '  ' }, rule)).toBe('School URN 990021, 312 on roll');
    expect(schoolLabel('990021', undefined, rule)).toBe('School URN 990021');
  });

  it('suppresses a small roll', () => {
    expect(schoolLabel('990021', { roll: 3, name: 'Elmbank Primary School' }, rule)).toBe('Elmbank Primary School (URN 990021), c on roll');
  });
});
