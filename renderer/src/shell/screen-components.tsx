import type { ComponentType } from 'react';
import { ExploreScreen } from '../explore/ExploreScreen';
import { ImportScreen } from '../import/ImportScreen';
import { SqlScreen } from '../sql/SqlScreen';
import { ValidateScreen } from '../validate/ValidateScreen';
import type { ScreenId } from './screens';

/** The registry of built screens: adding a screen is one line here; navigation and shortcuts follow. */
export const SCREEN_COMPONENTS: Partial<Record<ScreenId, ComponentType>> = {
  import: ImportScreen,
  validate: ValidateScreen,
  explore: ExploreScreen,
  sql: SqlScreen,
};

export const AVAILABLE_SCREENS: ReadonlySet<ScreenId> = new Set(Object.keys(SCREEN_COMPONENTS) as ScreenId[]);
