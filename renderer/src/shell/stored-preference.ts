/**
 * Small preferences the window remembers between sessions (last screen, last table). Storage can be
 * missing or full (private windows, locked-down profiles), so reads and writes never throw.
 */

export type PreferenceStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PREFIX = 'village-workbench:';

export function readPreference(store: PreferenceStore | null, name: string): string | null {
  try {
    return store?.getItem(PREFIX + name) ?? null;
  } catch {
    return null;
  }
}

export function writePreference(store: PreferenceStore | null, name: string, value: string | null): void {
  try {
    if (value === null) store?.removeItem(PREFIX + name);
    else store?.setItem(PREFIX + name, value);
  } catch {
    // Remembering is a convenience; the screen works the same without it.
  }
}

/** The page's localStorage, or null where reading it is refused. */
export function browserPreferenceStore(): PreferenceStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
