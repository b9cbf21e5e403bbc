import { describe, expect, it } from 'vitest';
import { readPreference, writePreference, type PreferenceStore } from './stored-preference';

function memoryStore(): PreferenceStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const brokenStore: PreferenceStore = {
  getItem: () => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('quota');
  },
  removeItem: () => {
    throw new Error('denied');
  },
};

describe('stored preferences', () => {
  it('round-trips a value under the workbench prefix and removes it on null', () => {
    const store = memoryStore();
    writePreference(store, 'screen', 'sql');
    expect(store.items.get('village-workbench:screen')).toBe('sql');
    expect(readPreference(store, 'screen')).toBe('sql');
    writePreference(store, 'screen', null);
    expect(readPreference(store, 'screen')).toBeNull();
  });

  it('never throws when storage is missing or refuses', () => {
    expect(readPreference(null, 'screen')).toBeNull();
    expect(readPreference(brokenStore, 'screen')).toBeNull();
    expect(() => writePreference(brokenStore, 'screen', 'sql')).not.toThrow();
  });
});
