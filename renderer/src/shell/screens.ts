/** The workbench's screens in navigation order; only those marked available have been built so far. */

export type ScreenId = 'import' | 'validate' | 'explore' | 'village' | 'dashboards' | 'linkage' | 'sql' | 'recipes';

export interface ScreenEntry {
  readonly id: ScreenId;
  readonly label: string;
  readonly available: boolean;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'import', label: 'Import', available: false },
  { id: 'validate', label: 'Validate', available: false },
  { id: 'explore', label: 'Explore', available: true },
  { id: 'village', label: 'Village', available: false },
  { id: 'dashboards', label: 'Dashboards', available: false },
  { id: 'linkage', label: 'Linkage', available: false },
  { id: 'sql', label: 'SQL', available: false },
  { id: 'recipes', label: 'Recipes', available: false },
];
