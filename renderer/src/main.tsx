import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveWorkbenchApi } from './api/resolve-workbench-api';
import { WorkbenchApiContext } from './api/workbench-api-context';
import { AppShell } from './shell/AppShell';
import './styles.css';

// Resolved once, before React renders: the host token must leave the address bar straight away.
const api = resolveWorkbenchApi();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <WorkbenchApiContext value={api}>
      <AppShell />
    </WorkbenchApiContext>
  </StrictMode>,
);
