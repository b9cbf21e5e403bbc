import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../../shared/findings';
import { safeReportFileName } from './safe-report';

describe('safeReportFileName', () => {
  it('names the file after the table and the day it was checked', () => {
    expect(safeReportFileName('health_register', { checkedOn: '2024-06-30' } as ValidationReport)).toBe('health_register-validation-2024-06-30.csv');
  });
});
