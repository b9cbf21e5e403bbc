import { useState } from 'react';
import { ExploreScreen } from '../explore/ExploreScreen';
import { Navigation } from './Navigation';
import type { ScreenId } from './screens';
import { WorkspaceHeader } from './WorkspaceHeader';

export function AppShell() {
  const [activeScreen, setActiveScreen] = useState<ScreenId>('explore');

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <WorkspaceHeader />
      <Navigation activeScreen={activeScreen} onNavigate={setActiveScreen} />
      <main id="main" className="app-main" tabIndex={-1}>
        {activeScreen === 'explore' && <ExploreScreen />}
      </main>
    </div>
  );
}
