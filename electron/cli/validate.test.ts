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
});
