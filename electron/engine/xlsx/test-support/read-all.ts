import type { MergedRange, RawRow } from '../../tabular/raw';
import { readXlsxRows, type XlsxReadOptions } from '../stream-reader';

/** Drains the streaming reader into one array, for tests. */
export async function readAllWithStream(filePath: string, options: XlsxReadOptions = {}): Promise<{ rows: RawRow[]; merges: MergedRange[] }> {
  const stream = readXlsxRows(filePath, options);
  const rows: RawRow[] = [];
  for await (const batch of stream) rows.push(...batch);
  return { rows, merges: await stream.merges };
}
