import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../../shared/api';
import { createEngine, type Engine } from '../engine';
import { anyFilePolicy } from '../file-access';
import { openWorkspace } from '../workspace/workspace';

/** The window's way in: addSpecification and listSpecifications through the validated contract, then an import with it. */

let folder: string;
let engine: Engine;
beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-engine-specs-'));
  engine = createEngine(await openWorkspace({ location: path.join(folder, 'ws') }), anyFilePolicy());
});
afterEach(async () => {
  await engine.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const VISITS = {
  id: 'family-hub-visits',
  title: 'Family hub visits',
  version: '1',
  agency: 'Family hubs',
  fields: [
    { name: 'visit_id', title: 'Visit', type: 'string', required: true, personalData: 'none', synonyms: ['Visit ref'] },
    { name: 'sessions', title: 'Sessions', type: 'integer', minimum: 0, personalData: 'none' },
  ],
};

describe('specifications through the engine contract', () => {
  it('adds one written in the window, lists it with its origin, and imports and previews with it', async () => {
    const added = await engine.dispatch('addSpecification', { specification: VISITS });
    expect(added).toMatchObject({ ok: true, value: { specId: 'family-hub-visits', version: '1', outcome: 'added', changes: [] } });
    const listed = await engine.dispatch('listSpecifications', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const { specifications, origins } = listed.value as ResponseOf<'listSpecifications'>;
    expect(origins).toHaveLength(specifications.length);
    expect(origins.at(-1)).toMatchObject({ specId: 'family-hub-visits', version: '1', origin: 'workspace', replacesBundledVersion: null });
    expect(origins.filter((origin) => origin.origin === 'bundled').length).toBeGreaterThan(5);

    const extract = path.join(folder, 'visits.csv');
    fs.writeFileSync(extract, 'Visit ref,Sessions\r\nV1,3\r\nV2,-1\r\n');
    const started = await engine.dispatch('startImport', { path: extract, specId: 'family-hub-visits' });
    if (!started.ok) throw new Error(started.error.message);
    const job = await engine.jobs.settle((started.value as { jobId: string }).jobId);
    expect(job).toMatchObject({ state: 'succeeded', result: { validation: { specId: 'family-hub-visits', valid: false, errors: 1 } } });

    const specFile = path.join(folder, 'visits.spec.json');
    fs.writeFileSync(specFile, JSON.stringify({ ...VISITS, id: 'visits-from-file' }));
    const preview = await engine.dispatch('previewFile', { path: extract, specPath: specFile });
    expect(preview).toMatchObject({ ok: true, value: { mapping: { specId: 'visits-from-file' } } });
  });

  it('answers a broken specification or a changed one with the same version as errors carrying the problems', async () => {
    const broken = await engine.dispatch('addSpecification', { specification: { ...VISITS, fields: [] } });
    expect(broken).toMatchObject({ ok: false, error: { code: 'unusable-file', details: { reason: 'invalid-specification', problems: [{ path: 'fields' }] } } });
    await engine.dispatch('addSpecification', { specification: VISITS });
    const changed = await engine.dispatch('addSpecification', { specification: { ...VISITS, title: 'Hub visits' } });
    expect(changed).toMatchObject({ ok: false, error: { code: 'invalid-request', details: { changes: ['title: "Family hub visits" → "Hub visits"'] } } });
    const both = await engine.dispatch('startImport', { path: path.join(folder, 'x.csv'), specId: 'family-hub-visits', specPath: path.join(folder, 'x.json') });
    expect(both).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
