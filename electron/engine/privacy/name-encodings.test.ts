import { describe, expect, it } from 'vitest';
import { BLOOM_BYTES, createNameEncoder, diceCoefficient, ukPhonetic } from './name-encodings';
import { createPseudonymiser } from './pseudonymise';

const encoder = createNameEncoder(createPseudonymiser(new Uint8Array(32).fill(7)));
const otherWorkspace = createNameEncoder(createPseudonymiser(new Uint8Array(32).fill(9)));

function surnameDice(a: string, b: string, using = encoder): number {
  const left = using.encode(null, a).surnameBloom;
  const right = encoder.encode(null, b).surnameBloom;
  if (left === null || right === null) throw new Error('expected a Bloom filter');
  return diceCoefficient(left, right);
}

describe('keyed Bloom-filter encodings of names', () => {
  it('gives one-edit spellings a high Dice coefficient and different names a low one', () => {
    expect(surnameDice('Smith', 'SMITH')).toBe(1);
    expect(surnameDice('Smith', 'Smtih')).toBeGreaterThanOrEqual(0.7);
    expect(surnameDice('Smith', 'Smth')).toBeGreaterThanOrEqual(0.8);
    expect(surnameDice('Okonkwo', 'Okonkow')).toBeGreaterThanOrEqual(0.7);
    expect(surnameDice('Smith', 'Patel')).toBeLessThan(0.4);
    expect(surnameDice('Khan', 'Begum')).toBeLessThan(0.4);
  });

  it('depends on the workspace key: the same name under another key shares few bits', () => {
    expect(surnameDice('Smith', 'Smith', otherWorkspace)).toBeLessThan(0.5);
  });

  it('encodes forenames through the variant table, with the same positions as surnames', () => {
    const a = encoder.encode('Mohammed', 'Khan');
    const b = encoder.encode('Muhammad', 'Khan');
    expect(a.forenameBloom).toEqual(b.forenameBloom);
    expect(a.forenameBloom?.length).toBe(BLOOM_BYTES);
    const swapped = encoder.encode('Khan', 'Muhammad');
    expect(diceCoefficient(swapped.surnameBloom as Uint8Array, a.forenameBloom as Uint8Array)).toBe(1);
  });

  it('gives no encoding for an empty or placeholder name', () => {
    expect(encoder.encode('Baby', '')).toEqual({ forenameBloom: null, surnameBloom: null, forenamePhonetic: null, surnamePhonetic: null });
  });
});

describe('UK-aware phonetic codes', () => {
  it('groups transliterations and sound-alike spellings', () => {
    expect(ukPhonetic('hussain')).toBe(ukPhonetic('hussein'));
    expect(ukPhonetic('hussain')).toBe(ukPhonetic('hossain'));
    expect(ukPhonetic('begum')).toBe(ukPhonetic('begam'));
    expect(ukPhonetic('mohammed')).toBe(ukPhonetic('muhammad'));
    expect(ukPhonetic('mohammad')).toBe(ukPhonetic('mohamad'));
    expect(ukPhonetic('philips')).toBe(ukPhonetic('filips'));
    expect(ukPhonetic('smith')).toBe(ukPhonetic('smyth'));
    expect(ukPhonetic('smith')).not.toBe(ukPhonetic('patel'));
  });

  it('stores only keyed codes, which differ between workspaces', () => {
    const here = encoder.encode('Amir', 'Hussain').surnamePhonetic;
    expect(here).toBe(encoder.encode('Amir', 'Hussein').surnamePhonetic);
    expect(here).not.toBe(otherWorkspace.encode('Amir', 'Hussain').surnamePhonetic);
    expect(here).not.toContain('hsn');
  });
});
