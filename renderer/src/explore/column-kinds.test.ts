import { describe, expect, it } from 'vitest';
import { columnKindOf } from './column-kinds';

describe('columnKindOf', () => {
  it.each([
    ['BIGINT', 'number'],
    ['INTEGER', 'number'],
    ['DOUBLE', 'number'],
    ['DECIMAL(18,3)', 'number'],
    ['HUGEINT', 'number'],
    ['DATE', 'date'],
    ['VARCHAR', 'text'],
    ['BOOLEAN', 'text'],
    ['TIMESTAMP', 'text'],
    ['INTEGER[]', 'text'],
  ])('%s is a %s column', (type, kind) => {
    expect(columnKindOf(type)).toBe(kind);
  });
});
