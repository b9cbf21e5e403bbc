/**
 * Electron IPC channel names. Kept apart from api.ts so the preload, which must stay one small file,
 * does not bundle the schema library just to name its channels.
 */
export const IPC_CHANNEL_PREFIX = 'workbench:';

export function ipcChannelFor(method: string): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}
