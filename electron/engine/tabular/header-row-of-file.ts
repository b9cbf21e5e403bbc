/**
 * Checks a header row the user chose against the file before anything is read in earnest: only the top of
 * the sheet is read (the streaming readers stop when asked), so a wrong row is refused at once, before an
 * import starts, with the file, sheet and row named.
 */
import { checkHeaderRow } from './header-row';
import type { RawRow } from './raw';
import { openRowSource } from './row-source';
import type { SourceFileFacts } from './source-file';

export async function checkHeaderRowOfFile(
  facts: SourceFileFacts,
  options: { readonly sheet: string | undefined; readonly headerRow: number; readonly signal?: AbortSignal },
): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  options.signal?.addEventListener('abort', stop);
  const source = await openRowSource(facts, { ...(options.sheet === undefined ? {} : { sheet: options.sheet }), signal: controller.signal });
  const iterator = (Symbol.asyncIterator in source.batches ? source.batches[Symbol.asyncIterator]() : source.batches[Symbol.iterator]()) as
    | AsyncIterator<RawRow[]>
    | Iterator<RawRow[]>;
  const rows: RawRow[] = [];
  try {
    while ((rows[rows.length - 1]?.rowNumber ?? 0) < options.headerRow) {
      const next = await iterator.next();
      if (next.done === true) break;
      rows.push(...next.value);
    }
  } finally {
    // Stops the reader and closes its file.
    await iterator.return?.();
    options.signal?.removeEventListener('abort', stop);
  }
  checkHeaderRow(rows, options.headerRow, { fileName: facts.fileName, sheet: source.sheet });
}
