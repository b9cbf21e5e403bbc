import { SCREENS, type ScreenId } from './screens';
import { shortcutKeysOf } from './keyboard-shortcuts';

interface NavigationProps {
  readonly activeScreen: ScreenId;
  readonly available: ReadonlySet<ScreenId>;
  readonly onNavigate: (screen: ScreenId) => void;
}

/** Screens not built yet are listed as plain text with a visible note, so nothing pretends to work. */
export function Navigation({ activeScreen, available, onNavigate }: NavigationProps) {
  return (
    <nav className="app-nav" aria-label="Workbench screens">
      <ul className="app-nav__list">
        {SCREENS.map((screen) =>
          available.has(screen.id) ? (
            <li key={screen.id}>
              <button
                type="button"
                className="app-nav__item"
                aria-current={screen.id === activeScreen ? 'page' : undefined}
                aria-keyshortcuts={shortcutKeysOf(screen)}
                onClick={() => onNavigate(screen.id)}
              >
                {screen.label}
                <span className="app-nav__note" aria-hidden="true">
                  {shortcutKeysOf(screen)}
                </span>
              </button>
            </li>
          ) : (
            <li key={screen.id}>
              <span className="app-nav__item app-nav__item--later" title={`${screen.label} arrives in a later release`}>
                {screen.label}
                <span className="app-nav__note">Later release</span>
              </span>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
