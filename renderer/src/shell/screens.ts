/**
 * The workbench's screens in navigation order. A screen is available once its component is registered in
 * `screen-components.tsx`; the rest are listed with a "Later release" note so nothing pretends to work.
 */

export type ScreenId = 'import' | 'validate' | 'explore' | 'village' | 'dashboards' | 'linkage' | 'sql' | 'recipes' | 'specs' | 'outcomes';

export interface ScreenEntry {
  readonly id: ScreenId;
  readonly label: string;
  /** The digit that opens the screen with Alt (Alt+1 is the first screen; 10 is Alt+0). */
  readonly shortcutDigit: number;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'import', label: 'Import', shortcutDigit: 1 },
  { id: 'validate', label: 'Validate', shortcutDigit: 2 },
  { id: 'explore', label: 'Explore', shortcutDigit: 3 },
  { id: 'village', label: 'Village', shortcutDigit: 4 },
  { id: 'dashboards', label: 'Dashboards', shortcutDigit: 5 },
  { id: 'linkage', label: 'Linkage', shortcutDigit: 6 },
  { id: 'sql', label: 'SQL', shortcutDigit: 7 },
  { id: 'recipes', label: 'Recipes', shortcutDigit: 8 },
  { id: 'specs', label: 'Specifications', shortcutDigit: 9 },
  { id: 'outcomes', label: 'Outcomes', shortcutDigit: 10 },
];

export function isScreenId(value: unknown): value is ScreenId {
  return typeof value === 'string' && SCREENS.some((screen) => screen.id === value);
}
