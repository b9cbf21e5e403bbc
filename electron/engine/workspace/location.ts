import os from 'node:os';
import path from 'node:path';

/**
 * Where a workspace lives when the user has not named one: the per-user application-data folder, which
 * on council laptops is inside the user's profile and so inside the information-governance boundary.
 * Electron's main process passes its own `app.getPath('userData')` instead; this is for the CLI.
 */
export function defaultWorkspaceFolder(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Village Workbench', 'workspace');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Village Workbench', 'workspace');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'village-workbench', 'workspace');
}
