import type { ComponentType } from 'react';
import { DashboardsScreen } from '../dashboards/DashboardsScreen';
import { ExploreScreen } from '../explore/ExploreScreen';
import { ImportScreen } from '../import/ImportScreen';
import { LinkageScreen } from '../linkage/LinkageScreen';
import { OutcomesScreen } from '../outcomes/OutcomesScreen';
import { RecipesScreen } from '../recipes/RecipesScreen';
import { SpecsScreen } from '../specs/SpecsScreen';
import { SqlScreen } from '../sql/SqlScreen';
import { ValidateScreen } from '../validate/ValidateScreen';
import { VillageScreen } from '../village/VillageScreen';
import type { ScreenId } from './screens';

/** The registry of built screens: adding a screen is one line here; navigation and shortcuts follow. */
export const SCREEN_COMPONENTS: Partial<Record<ScreenId, ComponentType>> = {
  import: ImportScreen,
  validate: ValidateScreen,
  explore: ExploreScreen,
  village: VillageScreen,
  dashboards: DashboardsScreen,
  linkage: LinkageScreen,
  sql: SqlScreen,
  recipes: RecipesScreen,
  specs: SpecsScreen,
  outcomes: OutcomesScreen,
};

export const AVAILABLE_SCREENS: ReadonlySet<ScreenId> = new Set(Object.keys(SCREEN_COMPONENTS) as ScreenId[]);
