import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exportKeyFile, importKeyFile, KEY_EXPORT_WARNING, keyFingerprint } from './key-file';
import {
  createPseudonymiser,
  generateWorkspaceKey,
  normaliseIdSystem,
  normaliseLocalId,
  normaliseNhsNumber,
  normaliseUpn,
} from './pseudonymise';

const fixedKey = new Uint8Array(32).map((_, index) => index);

describe('createPseudonymiser', () => {
  it('is deterministic per key, separates kinds, and differs between keys', () => {
    const pseudonymiser = createPseudonymiser(fixedKey);
    const nhs = pseudonymiser.pseudonym('nhs', '9434765919');
    expect(nhs).toBe(createPseudonymiser(new Uint8Array(fixedKey)).pseudonym('nhs', '9434765919'));
    expect(nhs).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(pseudonymiser.pseudonym('local-id:mosaic', '9434765919')).not.toBe(nhs);
    expect(createPseudonymiser(generateWorkspaceKey()).pseudonym('nhs', '9434765919')).not.toBe(nhs);
  });

  it('refuses empty values and keys of the wrong length', () => {
    expect(() => createPseudonymiser(fixedKey).pseudonym('upn', '')).toThrow(/empty/);
    expect(() => createPseudonymiser(new Uint8Array(16))).toThrow(/32 bytes/);
  });

  it('generates different 32-byte keys', () => {
    const first = generateWorkspaceKey();
    expect(first).toHaveLength(32);
    expect(Buffer.from(first).equals(Buffer.from(generateWorkspaceKey()))).toBe(false);
  });
});

describe('identifier normalisers', () => {
  it('accept valid NHS numbers in any spacing and reject failed check digits', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476-5918')).toBeNull();
    expect(normaliseNhsNumber('')).toBeNull();
  });

  it('accept valid UPNs in any case and reject wrong check letters', () => {
    expect(normaliseUpn(' h801200001001 ')).toBe('H801200001001');
    expect(normaliseUpn('B801200001001')).toBeNull();
  });

  it('write local IDs one way, restoring leading zeros lost in spreadsheets', () => {
    expect(normaliseLocalId(' 0012345 ')).toBe('12345');
    expect(normaliseLocalId('12345')).toBe('12345');
    expect(normaliseLocalId('0')).toBe('0');
    expect(normaliseLocalId('000')).toBe('0');
    expect(normaliseLocalId('12 345')).toBe('12345');
    expect(normaliseLocalId('ab-123 45')).toBe('AB12345');
    expect(normaliseLocalId('   ')).toBeNull();
    expect(normaliseIdSystem(' Mosaic (Children\'s Trust) ')).toBe('mosaic-children-s-trust');
  });
});

describe('key files', () => {
  it('round-trip the key with its fingerprint, warning and label', () => {
    const text = exportKeyFile(fixedKey, { workspaceLabel: 'BCC insight', now: new Date('2026-01-02T03:04:05Z') });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed['warning']).toBe(KEY_EXPORT_WARNING);
    expect(parsed['fingerprint']).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    const imported = importKeyFile(text);
    expect(Buffer.from(imported.key).equals(Buffer.from(fixedKey))).toBe(true);
    expect(imported).toMatchObject({ fingerprint: keyFingerprint(fixedKey), workspaceLabel: 'BCC insight', createdAt: '2026-01-02T03:04:05.000Z' });
  });

  it('reject a tampered key, a wrong format and non-JSON, without echoing the key', () => {
    const parsed = JSON.parse(exportKeyFile(fixedKey)) as Record<string, string>;
    const otherKey = Buffer.from(generateWorkspaceKey()).toString('base64url');
    expect(() => importKeyFile(JSON.stringify({ ...parsed, key: otherKey }))).toThrow(/fingerprint/);
    expect(() => importKeyFile(JSON.stringify({ ...parsed, format: 'other' }))).toThrow(/not a Village Workbench key file/);
    expect(() => importKeyFile('{')).toThrow(/not valid JSON/);
    try {
      importKeyFile(JSON.stringify({ ...parsed, key: otherKey }));
    } catch (error) {
      expect(String(error)).not.toContain(otherKey);
    }
  });

  it('fingerprints are stable and do not contain the key', () => {
    expect(keyFingerprint(fixedKey)).toBe(keyFingerprint(new Uint8Array(fixedKey)));
    expect(keyFingerprint(fixedKey)).not.toBe(keyFingerprint(generateWorkspaceKey()));
  });
});

describe('createPseudonymiser output', () => {
  it('is HMAC-SHA-256(key, kind ‖ 0x1F ‖ value) cut to 16 bytes, also for values it has already seen', () => {
    const pseudonymiser = createPseudonymiser(fixedKey);
    const values = Array.from({ length: 500 }, (_, index) => `${index % 120}-ID-${'é'.repeat(index % 7)}`);
    for (const value of [...values, ...values]) {
      for (const kind of ['nhs', 'local-id:mosaic', 'match-key:names-dob'] as const) {
        const expected = createHmac('sha256', Buffer.from(fixedKey)).update(`${kind}\u001f${value}`, 'utf8').digest().subarray(0, 16).toString('base64url');
        expect(pseudonymiser.pseudonym(kind, value)).toBe(expected);
      }
    }
  });
});

describe('remembering pseudonyms', () => {
  const key = Uint8Array.from({ length: 32 }, (_, index) => index * 7);

  it('gives the same pseudonyms whether a kind is remembered or, its values rarely repeating, keyed afresh', () => {
    const busy = createPseudonymiser(key);
    const values = Array.from({ length: 10_000 }, (_, index) => `KEY${index}`);
    // A kind whose values never repeat stops being remembered after its trial; one that repeats is kept.
    const unique = values.map((value) => busy.pseudonym('match-key:dob-postcode', value));
    const repeated = values.map((value, index) => busy.pseudonym('nhs', `${index % 50}`) + busy.pseudonym('nhs', value));
    const again = values.map((value) => busy.pseudonym('match-key:dob-postcode', value));
    const fresh = (kind: Parameters<typeof busy.pseudonym>[0], value: string): string => createPseudonymiser(key).pseudonym(kind, value);
    for (const index of [0, 4_095, 4_096, 4_097, 9_999]) {
      expect(unique[index]).toBe(fresh('match-key:dob-postcode', values[index] as string));
      expect(again[index]).toBe(unique[index]);
      expect(repeated[index]).toBe(fresh('nhs', `${index % 50}`) + fresh('nhs', values[index] as string));
    }
  });
});
