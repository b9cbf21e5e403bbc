import { createContext, useContext } from 'react';
import type { ScreenId } from './screens';

/**
 * What one screen can ask another to show when it opens it: Validate opens Explore on the row of a
 * finding; Import opens Validate on the report of the import just made.
 */
export interface ScreenIntents {
  readonly explore: { readonly table: string; readonly sourceRow?: number; readonly column?: string | null };
  readonly validate: { readonly table: string; readonly importId?: string };
}

export type IntentScreen = keyof ScreenIntents;

/** `serial` grows with every navigation, so asking for the same row twice still takes effect. */
export type Intent = { [S in IntentScreen]: { readonly screen: S; readonly params: ScreenIntents[S]; readonly serial: number } }[IntentScreen];

export interface WorkbenchNavigation {
  navigate(screen: ScreenId): void;
  navigateWith<S extends IntentScreen>(screen: S, params: ScreenIntents[S]): void;
  readonly intent: Intent | null;
}

export const NavigationContext = createContext<WorkbenchNavigation | null>(null);

export function useWorkbenchNavigation(): WorkbenchNavigation {
  const navigation = useContext(NavigationContext);
  if (navigation === null) throw new Error('useWorkbenchNavigation needs a NavigationContext provider');
  return navigation;
}

/** The latest request addressed to `screen`, or null. */
export function useScreenIntent<S extends IntentScreen>(screen: S): { readonly params: ScreenIntents[S]; readonly serial: number } | null {
  const { intent } = useWorkbenchNavigation();
  if (intent === null || intent.screen !== screen) return null;
  return { params: intent.params as ScreenIntents[S], serial: intent.serial };
}
