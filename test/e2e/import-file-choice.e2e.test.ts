import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkbench, type Workbench } from './harness';

/**
 * Arrowing through the Import screen's list of files reads only the file the officer stops on (issue 19):
 * the choice settles for a moment before the engine is asked for a preview, so moving down a list of
 * extracts does not read each one in turn.
 */

const FILES = ['a_extract.csv', 'b_extract.csv', 'c_extract.csv', 'd_extract.csv', 'e_extract.csv'];

let workbench: Workbench;
/** The file named by each preview and sheet-list request the page sent, in order. */
const readFiles: string[] = [];

beforeAll(async () => {
  workbench = await startWorkbench({ inputs: Object.fromEntries(FILES.map((name, index) => [name, `Ref,Age\r\nR${index},12\r\nS${index},14\r\n`])) });
  workbench.page.on('request', (request: Request) => {
    if (!/\/api\/(previewFile|listSheets)$/.test(request.url())) return;
    const payload = JSON.parse(request.postData() ?? '{}') as { path?: string };
    if (payload.path !== undefined) readFiles.push(path.basename(payload.path));
  });
});

afterAll(async () => {
  await workbench?.close();
});

describe('choosing among several files on Import', () => {
  it('previews only the file the arrow keys stop on, then the next one it rests on', async () => {
    const { page } = workbench;
    await page.goto(workbench.host.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Import');
    await page.getByRole('button', { name: 'Choose files…' }).click();
    const first = page.getByRole('radio', { name: FILES[0] });
    await first.focus();
    // Space selects the focused radio, then each arrow moves the choice on, quicker than the choice settles.
    await page.keyboard.press('Space');
    for (let step = 1; step < FILES.length; step += 1) await page.keyboard.press('ArrowDown', { delay: 40 });
    expect(await page.getByRole('radio', { name: FILES[4] }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('region', { name: 'First rows of e_extract' }).count(), { timeout: 30_000 }).toBe(1);
    // Long past the settling delay: nothing else was read.
    await page.waitForTimeout(1_000);
    expect(new Set(readFiles)).toEqual(new Set(['e_extract.csv']));

    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByRole('region', { name: 'First rows of d_extract' }).count(), { timeout: 30_000 }).toBe(1);
    expect(new Set(readFiles)).toEqual(new Set(['e_extract.csv', 'd_extract.csv']));
    expect(workbench.offLoopbackRequests()).toEqual([]);
  });
});
