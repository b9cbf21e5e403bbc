import { describe, expect, it } from 'vitest';
import { FORENAME_VARIANT_GROUPS } from './forename-variants';
import { canonicalForename, forenameVariantCount, normaliseName, normaliseSurname } from './names';

describe('normaliseName', () => {
  it('removes accents, case, punctuation, spaces, hyphens and a leading title', () => {
    expect(normaliseName("O'Brien")).toBe('obrien');
    expect(normaliseName('  Mary-Jane ')).toBe('maryjane');
    expect(normaliseName('Zoë')).toBe('zoe');
    expect(normaliseName('Mr. Ali')).toBe('ali');
    expect(normaliseName('Müller-Łukasz')).toBe('mullerlukasz');
    expect(normaliseName('123')).toBe('');
  });
});

describe('canonicalForename', () => {
  it('maps nickname and transliteration variants to one form', () => {
    const groups = [
      ['Jon', 'John', 'Johnny'],
      ['Tom', 'Thomas', 'TOMMY'],
      ['Mohammed', 'Muhammad', 'Mohammad', 'Mohamed'],
      ['Aisha', 'Ayesha'],
      ['Zoe', 'Zoë'],
      ['Katie', 'Kate', 'Catherine', 'Katherine'],
      ['Alex', 'Alexander', 'Alexandra'],
      ['Liz', 'Elizabeth', 'Beth'],
      ['Dan', 'Daniel'],
    ];
    for (const group of groups) expect(new Set(group.map(canonicalForename)).size).toBe(1);
  });

  it('keeps distinct names apart and uses only the first given name', () => {
    expect(canonicalForename('Jack')).not.toBe(canonicalForename('John'));
    expect(canonicalForename('Jake')).not.toBe(canonicalForename('Jack'));
    expect(canonicalForename('Mohamed Ali')).toBe('muhammad');
    expect(canonicalForename('Xanthe')).toBe('xanthe');
  });

  it('treats placeholders for unnamed babies as no name', () => {
    expect(canonicalForename('Baby')).toBe('');
    expect(canonicalForename('BABY OF')).toBe('');
    expect(canonicalForename('Unknown')).toBe('');
    expect(normaliseSurname('NK')).toBe('');
    expect(normaliseSurname('Child')).toBe('child');
  });

  it('holds a few hundred variants, each in exactly one group, each already normalised', () => {
    expect(forenameVariantCount()).toBeGreaterThan(400);
    for (const group of FORENAME_VARIANT_GROUPS) for (const name of group) expect(normaliseName(name)).toBe(name);
  });
});
