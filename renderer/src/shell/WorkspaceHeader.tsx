import { useEffect, useState } from 'react';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';

type WorkspaceState = { status: 'loading' } | { status: 'ready'; location: string } | { status: 'failed'; error: WorkbenchError };

interface WorkspaceHeaderProps {
  readonly onShowShortcuts: () => void;
}

export function WorkspaceHeader({ onShowShortcuts }: WorkspaceHeaderProps) {
  const api = useWorkbenchApi();
  const [workspace, setWorkspace] = useState<WorkspaceState>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    void api.getWorkspaceInfo({}).then((result) => {
      if (!current) return;
      setWorkspace(result.ok ? { status: 'ready', location: result.value.location } : { status: 'failed', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api]);

  return (
    <header className="app-header">
      <p className="app-header__title">Village Workbench</p>
      <div className="app-header__workspace">
        <span className="app-header__label">Workspace</span>
        {workspace.status === 'loading' && <span className="app-header__value">Opening…</span>}
        {workspace.status === 'ready' && (
          <span className="app-header__value app-header__path" title={workspace.location}>
            {workspace.location}
          </span>
        )}
        {workspace.status === 'failed' && <span className="app-header__value app-header__problem">{workspace.error.message}</span>}
      </div>
      <button type="button" className="button button--secondary button--small app-header__help" aria-keyshortcuts="?" onClick={onShowShortcuts}>
        Keyboard shortcuts <kbd>?</kbd>
      </button>
    </header>
  );
}
