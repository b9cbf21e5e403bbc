import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runValidate, VALIDATION_REPORT_FILES } from './validate';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-validate-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

function streams(): { out: PassThrough; err: PassThrough; text: () => { out: string; err: string } } {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (chunk: Buffer) => (outText += chunk.toString()));
  err.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  return { out, err, text: () => ({ out: outText, err: errText }) };
}

const HEADER = 'Response ID,Submitted,Age,Locality,Are you happy?\r\n';

describe('village validate', () => {
  it('writes the three reports and exits 0 for a valid file, 1 for an invalid one', async () => {
    const valid = path.join(folder, 'valid.csv');
    fs.writeFileSync(valid, `${HEADER}R1,2024-05-01,12,Ladywood,Yes\r\n`);
    const io = streams();
    expect(await runValidate({ file: valid, specId: 'voice-wellbeing-survey', out: path.join(folder, 'a'), today: '2024-07-01' }, io.out, io.err)).toBe(0);
    expect(fs.readdirSync(path.join(folder, 'a')).sort()).toEqual(Object.values(VALIDATION_REPORT_FILES).sort());
    expect(io.text().out.trim().split('\n')).toHaveLength(1);
    expect(io.text().out).toMatch(/valid\.csv .* against voice-wellbeing-survey 1\.0: valid: 1 rows checked, 0 errors/);

    const invalid = path.join(folder, 'invalid.csv');
    fs.writeFileSync(invalid, `${HEADER}R1,2024-05-01,twelve,Solihull,Yes\r\n`);
    const second = streams();
    expect(await runValidate({ file: invalid, specId: 'voice-wellbeing-survey', out: path.join(folder, 'b'), today: '2024-07-01' }, second.out, second.err)).toBe(1);
    expect(second.text().out).toMatch(/NOT VALID: 1 rows checked, 2 errors/);
    const report = JSON.parse(fs.readFileSync(path.join(folder, 'b', VALIDATION_REPORT_FILES.json), 'utf8')) as { findings: { cell: string }[] };
    expect(report.findings.map((finding) => finding.cell)).toEqual(['invalid!C2', 'invalid!D2']);
    expect(fs.readFileSync(path.join(folder, 'b', VALIDATION_REPORT_FILES.csv), 'utf8')).not.toMatch(/twelve|Solihull/);
  });

  it('exits 2 for an unusable file, an unknown specification or a broken mapping', async () => {
    const garbage = path.join(folder, 'garbage.csv');
    fs.writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 0, 255]));
    const io = streams();
    expect(await runValidate({ file: garbage, specId: 'voice-wellbeing-survey', out: path.join(folder, 'c') }, io.out, io.err)).toBe(2);
    expect(io.text().err).toMatch(/garbage\.csv/);
    expect(fs.existsSync(path.join(folder, 'c'))).toBe(false);
    expect(await runValidate({ file: garbage, specId: 'no-such-spec', out: folder }, io.out, io.err)).toBe(2);
    expect(await runValidate({ file: garbage, specId: 'voice-wellbeing-survey', out: folder, mapping: { columns: 3 } }, io.out, io.err)).toBe(2);
  });

  it('honours --header-row, and refuses a row that cannot be the header', async () => {
    const titled = path.join(folder, 'titled.csv');
    // A title line as wide as the table, which detection alone would take for the header.
    fs.writeFileSync(titled, `Voice,survey,June,2024,extract\r\n${HEADER}R1,2024-05-01,12,Ladywood,Yes\r\nR2,2024-05-02,14,Erdington,No\r\n`);
    const detected = streams();
    expect(await runValidate({ file: titled, specId: 'voice-wellbeing-survey', out: path.join(folder, 'd'), today: '2024-07-01' }, detected.out, detected.err)).toBe(1);
    const chosen = streams();
    expect(await runValidate({ file: titled, specId: 'voice-wellbeing-survey', out: path.join(folder, 'e'), headerRow: 2, today: '2024-07-01' }, chosen.out, chosen.err)).toBe(0);
    expect(chosen.text().out).toMatch(/valid: 2 rows checked, 0 errors/);
    const past = streams();
    expect(await runValidate({ file: titled, specId: 'voice-wellbeing-survey', out: path.join(folder, 'f'), headerRow: 9, today: '2024-07-01' }, past.out, past.err)).toBe(2);
    expect(past.text().err).toMatch(/titled\.csv.*row 9/);
  });

  it('takes a specification file by path, and names each problem of a broken one', async () => {
    const file = path.join(folder, 'visits.csv');
    fs.writeFileSync(file, 'Visit,Visited on\r\nV1,2024-05-01\r\n');
    const specFile = path.join(folder, 'visits.spec.json');
    const spec = {
      id: 'family-hub-visits',
      title: 'Family hub visits',
      version: '0.1',
      agency: 'Family hubs',
      fields: [
        { name: 'visit', title: 'Visit', type: 'string', required: true, personalData: 'none' },
        { name: 'visited_on', title: 'Visited on', type: 'date', personalData: 'none' },
      ],
    };
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const io = streams();
    expect(await runValidate({ file, specId: specFile, out: path.join(folder, 'g'), today: '2024-07-01' }, io.out, io.err)).toBe(0);
    expect(io.text().out).toMatch(/against family-hub-visits 0\.1: valid: 1 rows checked/);

    fs.writeFileSync(specFile, JSON.stringify({ ...spec, fields: [{ ...spec.fields[0], type: 'text' }] }));
    const broken = streams();
    expect(await runValidate({ file, specId: specFile, out: path.join(folder, 'h') }, broken.out, broken.err)).toBe(2);
    expect(broken.text().err).toMatch(/visits\.spec\.json is not a valid specification \(1 problem\):\n {2}fields\[0\]\.type: /);
  });
});
