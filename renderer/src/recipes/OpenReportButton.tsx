import { useState } from 'react';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { runRequest } from './recipe-runs';

type Opened = { readonly status: 'idle' | 'opening' } | { readonly status: 'opened'; readonly url: string | null } | { readonly status: 'failed'; readonly message: string };

/**
 * Opens a run's report.html (the latest run when runId is ''). The desktop app hands the file the engine wrote
 * to the system's browser; in a browser the host serves it at a loopback address, opened in a new tab, with a
 * link kept beside the button in case the browser held the tab back.
 */
export function OpenReportButton({ runId, id }: { readonly runId: string; readonly id: string }) {
  const api = useWorkbenchApi();
  const [opened, setOpened] = useState<Opened>({ status: 'idle' });

  async function open() {
    setOpened({ status: 'opening' });
    const result = await api.openRunReport(runRequest(runId));
    if (!result.ok) {
      setOpened({ status: 'failed', message: result.error.message });
      return;
    }
    if (result.value.url !== null) window.open(result.value.url, '_blank', 'noopener');
    setOpened({ status: 'opened', url: result.value.url });
  }

  return (
    <div className="open-report">
      <button type="button" id={id} className="button button--secondary" onClick={() => void open()} disabled={opened.status === 'opening'}>
        Open the report (report.html)
      </button>
      <p className="button-row__status" role="status" aria-live="polite">
        {opened.status === 'opening' && 'Opening the report…'}
        {opened.status === 'failed' && `The report could not be opened: ${opened.message}`}
        {opened.status === 'opened' && opened.url === null && 'The report opened in your browser. It works offline and prints on A4.'}
        {opened.status === 'opened' && opened.url !== null && (
          <>
            The report opened in a new tab; it prints on A4.{' '}
            <a href={opened.url} target="_blank" rel="noopener noreferrer">
              Open it again
            </a>
          </>
        )}
      </p>
    </div>
  );
}
