import { SCREENS, type ScreenId } from './screens';

/** The parts of a KeyboardEvent the shortcuts look at, so the rules are testable without a DOM. */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

/**
 * Alt+1 … Alt+9, then Alt+0, open the screens in navigation order. The physical key (`Digit1`) is read as well as the
 * character, because on some layouts Alt+digit types a symbol instead.
 */
export function screenForShortcut(press: KeyPress, available: ReadonlySet<ScreenId>): ScreenId | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  const digitMatch = /^Digit([0-9])$/.exec(press.code) ?? /^([0-9])$/.exec(press.key);
  if (!digitMatch) return null;
  const digit = Number(digitMatch[1]);
  const screen = SCREENS.find((entry) => entry.shortcutDigit === digit);
  return screen !== undefined && available.has(screen.id) ? screen.id : null;
}

/** `?` opens the shortcuts help, but not while the officer is typing a question mark into a field. */
export function isHelpShortcut(press: KeyPress, typingInField: boolean): boolean {
  return press.key === '?' && !press.altKey && !press.ctrlKey && !press.metaKey && !typingInField;
}

/** Ctrl+Enter (Cmd+Enter on a Mac) runs the statement in the SQL console. */
export function isRunShortcut(press: KeyPress): boolean {
  return press.key === 'Enter' && (press.ctrlKey || press.metaKey) && !press.altKey;
}

export interface ShortcutHelp {
  readonly keys: string;
  readonly action: string;
}

export function shortcutHelp(available: ReadonlySet<ScreenId>): ShortcutHelp[] {
  return [
    ...SCREENS.filter((screen) => available.has(screen.id)).map((screen) => ({ keys: `Alt+${screen.shortcutDigit}`, action: `Open ${screen.label}` })),
    { keys: '?', action: 'Show these keyboard shortcuts' },
    { keys: 'Escape', action: 'Close a dialog' },
    { keys: 'Ctrl+Enter', action: 'Run the statement (SQL console)' },
    { keys: 'Arrow keys', action: 'Move between cells in a grid; Tab leaves the grid' },
    { keys: 'Enter', action: 'On a grid heading: sort by that column' },
  ];
}
