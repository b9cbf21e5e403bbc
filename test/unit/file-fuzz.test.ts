import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRows } from '../../electron/engine/tabular/csv-reader';
import { UnusableFileError } from '../../electron/engine/tabular/raw';
import { handWorkbookZip, worksheetXml } from '../../electron/engine/xlsx/test-support/hand-workbook';
import { listXlsxSheets, readXlsxRows } from '../../electron/engine/xlsx/stream-reader';
import { mulberry32 } from '../support/random';

/**
 * A bounded mutation fuzzer over the committed sample extracts: byte flips, truncations, corrupted zip
 * entries and XML bombs. Every mutant must end in rows or a clear UnusableFileError — never another
 * exception, never a hang past the time limit, never runaway memory. Fixed seed, fixed iteration count.
 */

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');
const PER_CASE_LIMIT_MS = 15_000;
const MEMORY_CEILING_BYTES = 1.5 * 1024 ** 3;

let folder: string;

type Outcome = 'rows' | 'refused';

async function drain(read: () => AsyncIterable<unknown[]>): Promise<Outcome> {
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PER_CASE_LIMIT_MS} ms`)), PER_CASE_LIMIT_MS).unref());
  const work = (async (): Promise<Outcome> => {
    try {
      for await (const batch of read()) void batch;
      return 'rows';
    } catch (error) {
      if (error instanceof UnusableFileError) {
        expect(error.message.length).toBeGreaterThan(10);
        return 'refused';
      }
      throw error;
    }
  })();
  const outcome = await Promise.race([work, deadline]);
  expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CEILING_BYTES);
  return outcome;
}

async function readWorkbook(filePath: string): Promise<Outcome> {
  return drain(() => ({
    async *[Symbol.asyncIterator]() {
      const sheets = await listXlsxSheets(filePath);
      for (const sheet of sheets) yield* readXlsxRows(filePath, { sheet: sheet.name });
    },
  }));
}

function mutate(original: Buffer, random: () => number): { bytes: Buffer; description: string } {
  const bytes = Buffer.from(original);
  const kind = Math.floor(random() * 3);
  if (kind === 0) {
    const flips = 1 + Math.floor(random() * 16);
    for (let index = 0; index < flips; index += 1) {
      const position = Math.floor(random() * bytes.length);
      bytes[position] = (bytes[position] ?? 0) ^ (1 << Math.floor(random() * 8));
    }
    return { bytes, description: `${flips} bit flips` };
  }
  if (kind === 1) {
    const length = Math.floor(random() * bytes.length);
    return { bytes: bytes.subarray(0, length), description: `truncated to ${length} bytes` };
  }
  // Overwrite a run inside the body, where a zip keeps its compressed entries.
  const start = 30 + Math.floor(random() * Math.max(1, bytes.length - 60));
  const runLength = 1 + Math.floor(random() * 512);
  for (let index = start; index < Math.min(bytes.length, start + runLength); index += 1) bytes[index] = Math.floor(random() * 256);
  return { bytes, description: `${runLength} random bytes at ${start}` };
}

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vw-file-fuzz-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('mutation fuzzing of the readers', () => {
  const workbooks = ['health_child_register.xlsx', 'socialcare_episodes.xlsx'];
  const texts = ['police_domestic_abuse.csv', 'voice_wellbeing_survey.csv'];

  it.each(workbooks)('%s: every mutant is read or refused cleanly', async (name) => {
    const original = fs.readFileSync(path.join(SAMPLES, name));
    const random = mulberry32(0x5eed + name.length);
    const outcomes: Record<Outcome, number> = { rows: 0, refused: 0 };
    for (let iteration = 0; iteration < 40; iteration += 1) {
      const { bytes, description } = mutate(original, random);
      const mutant = path.join(folder, `mutant-${iteration}.xlsx`);
      fs.writeFileSync(mutant, bytes);
      try {
        outcomes[await readWorkbook(mutant)] += 1;
      } catch (error) {
        throw new Error(`${name} mutant ${iteration} (${description}): ${String(error)}`, { cause: error });
      }
    }
    expect(outcomes.rows + outcomes.refused).toBe(40);
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it.each(texts)('%s: every mutant is read or refused cleanly', async (name) => {
    const original = fs.readFileSync(path.join(SAMPLES, name));
    const random = mulberry32(0xc5f + name.length);
    for (let iteration = 0; iteration < 40; iteration += 1) {
      const { bytes, description } = mutate(original, random);
      const mutant = path.join(folder, `mutant-${iteration}.csv`);
      fs.writeFileSync(mutant, bytes);
      try {
        await drain(() => readCsvRows(mutant));
      } catch (error) {
        throw new Error(`${name} mutant ${iteration} (${description}): ${String(error)}`, { cause: error });
      }
    }
  });
});

describe('XML bombs', () => {
  function bomb(name: string, workbook: Parameters<typeof handWorkbookZip>[0]): string {
    const filePath = path.join(folder, name);
    fs.writeFileSync(filePath, handWorkbookZip(workbook));
    return filePath;
  }

  it('refuses billion-laughs entity expansion', async () => {
    const entities = Array.from({ length: 10 }, (_, level) => `<!ENTITY l${level + 1} "${`&l${level};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "laugh">${entities}]>${worksheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>&l10;</t></is></c></row>').replace(/^<\?xml[^>]*>\n?/, '')}`;
    await expect(readWorkbook(bomb('laughs.xlsx', { sheets: [{ name: 'Sheet1', xml }] }))).resolves.toBe('refused');
  });

  it('survives deeply nested elements without exhausting the stack', async () => {
    const depth = 200_000;
    const nested = `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}`;
    const outcome = await readWorkbook(bomb('nested.xlsx', { sheets: [{ name: 'Sheet1', xml: worksheetXml(`<row r="1"><c r="A1"><v>1</v></c></row>${nested}`) }] }));
    expect(['rows', 'refused']).toContain(outcome);
  });

  it('refuses a shared-strings table larger than its limit', async () => {
    const strings = Array.from({ length: 2000 }, (_, index) => `<t>s${index}</t>`);
    const filePath = bomb('strings.xlsx', { sheets: [{ name: 'Sheet1', xml: worksheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }], sharedStrings: strings });
    await expect(
      drain(() => readXlsxRows(filePath, { limits: { maxSharedStrings: 1000 } })),
    ).resolves.toBe('refused');
  });
});
