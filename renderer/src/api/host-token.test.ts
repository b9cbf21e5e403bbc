import { describe, expect, it } from 'vitest';
import { readHostToken } from './host-token';

describe('readHostToken', () => {
  it('reads a hex token from the fragment', () => {
    expect(readHostToken('#token=0123456789abcdef0123')).toBe('0123456789abcdef0123');
  });

  it('ignores other fragment parameters', () => {
    expect(readHostToken('#screen=explore&token=ABCDEF0123456789')).toBe('ABCDEF0123456789');
  });

  it('returns null when there is no token', () => {
    expect(readHostToken('')).toBeNull();
    expect(readHostToken('#main')).toBeNull();
  });

  it('returns null for a token that is not hex', () => {
    expect(readHostToken('#token=<script>')).toBeNull();
    expect(readHostToken('#token=abc')).toBeNull();
  });
});
