import { describe, expect, it } from 'vitest';
import { qualifiedName, quoteIdentifier } from './sql';

describe('quoteIdentifier', () => {
  it('doubles embedded quotes so a name cannot end the identifier early', () => {
    expect(quoteIdentifier('plain')).toBe('"plain"');
    expect(quoteIdentifier('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(qualifiedName('vw', 'imports')).toBe('"vw"."imports"');
  });

  it('refuses empty names and NUL characters', () => {
    expect(() => quoteIdentifier('')).toThrow();
    expect(() => quoteIdentifier('a\u0000b')).toThrow();
  });
});
