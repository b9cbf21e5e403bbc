import { describe, expect, it } from 'vitest';
import { isHelpShortcut, isRunShortcut, screenForShortcut, shortcutHelp, type KeyPress } from './keyboard-shortcuts';
import { SCREENS, type ScreenId } from './screens';

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

describe('shortcuts drawn from the screen list', () => {
  it('lists every screen of the list that can be opened, in navigation order', () => {
    const all = new Set(SCREENS.map((screen) => screen.id));
    const help = shortcutHelp(all).filter((entry) => entry.action.startsWith('Open '));
    expect(help.map((entry) => entry.action)).toEqual(SCREENS.map((screen) => `Open ${screen.label}`));
    expect(help).toHaveLength(SCREENS.length);
  });

  it('gives the tenth screen Alt+0, in the dialog and on the keyboard', () => {
    const tenth = SCREENS.find((screen) => screen.shortcutDigit === 10);
    expect(tenth?.id).toBe('outcomes');
    const all = new Set(SCREENS.map((screen) => screen.id));
    expect(shortcutHelp(all, SCREENS).find((entry) => entry.action === 'Open Outcomes')?.keys).toBe('Alt+0');
    expect(screenForShortcut(press({ altKey: true, key: '0', code: 'Digit0' }), all)).toBe('outcomes');
    expect(screenForShortcut(press({ altKey: true, key: '0', code: 'Digit0' }), new Set(SCREENS.filter((screen) => screen.id !== 'outcomes').map((screen) => screen.id)))).toBeNull();
  });
});
