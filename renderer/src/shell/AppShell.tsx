import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isHelpShortcut, screenForShortcut, shortcutHelp } from './keyboard-shortcuts';
import { Navigation } from './Navigation';
import { NavigationContext, type Intent, type IntentScreen, type ScreenIntents, type WorkbenchNavigation } from './navigation-context';
import { AVAILABLE_SCREENS, SCREEN_COMPONENTS } from './screen-components';
import { isScreenId, type ScreenId } from './screens';
import { ShortcutsDialog } from './ShortcutsDialog';
import { browserPreferenceStore, readPreference, writePreference } from './stored-preference';
import { WorkspaceHeader } from './WorkspaceHeader';

const LAST_SCREEN = 'last-screen';

function initialScreen(): ScreenId {
  const remembered = readPreference(browserPreferenceStore(), LAST_SCREEN);
  return isScreenId(remembered) && AVAILABLE_SCREENS.has(remembered) ? remembered : 'import';
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function AppShell() {
  const [activeScreen, setActiveScreen] = useState<ScreenId>(initialScreen);
  const [intent, setIntent] = useState<Intent | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const mainRef = useRef<HTMLElement | null>(null);
  const serialRef = useRef(0);
  const moveFocusRef = useRef(false);

  const showScreen = useCallback((screen: ScreenId) => {
    if (!AVAILABLE_SCREENS.has(screen)) return;
    // Focus follows the officer to the new screen, so a screen reader announces it and Tab starts there.
    moveFocusRef.current = true;
    setActiveScreen(screen);
    writePreference(browserPreferenceStore(), LAST_SCREEN, screen);
  }, []);

  const navigation = useMemo<WorkbenchNavigation>(
    () => ({
      intent,
      navigate(screen) {
        setIntent(null);
        showScreen(screen);
      },
      navigateWith<S extends IntentScreen>(screen: S, params: ScreenIntents[S]) {
        serialRef.current += 1;
        setIntent({ screen, params, serial: serialRef.current } as Intent);
        showScreen(screen);
      },
    }),
    [intent, showScreen],
  );

  useEffect(() => {
    if (!moveFocusRef.current) return;
    moveFocusRef.current = false;
    mainRef.current?.focus();
  }, [activeScreen, intent]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      const screen = screenForShortcut(event, AVAILABLE_SCREENS);
      if (screen !== null) {
        event.preventDefault();
        navigation.navigate(screen);
        return;
      }
      if (isHelpShortcut(event, isTypingTarget(event.target))) {
        event.preventDefault();
        setHelpOpen(true);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigation]);

  const ActiveScreen = SCREEN_COMPONENTS[activeScreen];

  return (
    <NavigationContext value={navigation}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <WorkspaceHeader onShowShortcuts={() => setHelpOpen(true)} />
        <Navigation activeScreen={activeScreen} available={AVAILABLE_SCREENS} onNavigate={navigation.navigate} />
        <main id="main" ref={mainRef} className="app-main" tabIndex={-1}>
          {ActiveScreen && <ActiveScreen />}
        </main>
        <ShortcutsDialog open={helpOpen} shortcuts={shortcutHelp(AVAILABLE_SCREENS)} onClose={() => setHelpOpen(false)} />
      </div>
    </NavigationContext>
  );
}
