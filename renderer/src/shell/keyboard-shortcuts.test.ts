import { describe, expect, it } from 'vitest';
import { isHelpShortcut, isRunShortcut, screenForShortcut, shortcutHelp, type KeyPress } from './keyboard-shortcuts';
import type { ScreenId } from './screens';

const press = (overrides: Partial<KeyPress>): KeyPress => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...overrides });
const available = new Set<ScreenId>(['import', 'validate', 'explore', 'sql']);

describe('screenForShortcut', () => {
  it('opens screens by Alt and their digit', () => {
    expect(screenForShortcut(press({ altKey: true, key: '1', code: 'Digit1' }), available)).toBe('import');
    expect(screenForShortcut(press({ altKey: true, key: '7', code: 'Digit7' }), available)).toBe('sql');
  });

  it('opens the tenth screen with Alt+0', () => {
    expect(screenForShortcut(press({ altKey: true, key: '0', code: 'Digit0' }), new Set<ScreenId>(['outcomes']))).toBe('outcomes');
    expect(screenForShortcut(press({ altKey: true, key: '0', code: 'Digit0' }), available)).toBeNull();
  });

  it('reads the physical key when Alt+digit types a symbol', () => {
    expect(screenForShortcut(press({ altKey: true, key: '¡', code: 'Digit1' }), available)).toBe('import');
  });

  it('ignores screens that are not built, other modifiers and plain digits', () => {
    expect(screenForShortcut(press({ altKey: true, key: '4', code: 'Digit4' }), available)).toBeNull();
    expect(screenForShortcut(press({ altKey: true, ctrlKey: true, key: '1', code: 'Digit1' }), available)).toBeNull();
    expect(screenForShortcut(press({ key: '1', code: 'Digit1' }), available)).toBeNull();
  });
});

describe('isHelpShortcut and isRunShortcut', () => {
  it('opens help on ? unless the officer is typing', () => {
    expect(isHelpShortcut(press({ key: '?', shiftKey: true }), false)).toBe(true);
    expect(isHelpShortcut(press({ key: '?', shiftKey: true }), true)).toBe(false);
  });

  it('runs on Ctrl+Enter or Cmd+Enter only', () => {
    expect(isRunShortcut(press({ key: 'Enter', ctrlKey: true }))).toBe(true);
    expect(isRunShortcut(press({ key: 'Enter', metaKey: true }))).toBe(true);
    expect(isRunShortcut(press({ key: 'Enter' }))).toBe(false);
  });
});

describe('shortcutHelp', () => {
  it('lists only the screens that can be opened', () => {
    const keys = shortcutHelp(available).map((entry) => entry.keys);
    expect(keys).toContain('Alt+1');
    expect(keys).not.toContain('Alt+4');
  });
});
