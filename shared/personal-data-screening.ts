import type { ScreenedColumn } from './api';

/** One line of an import summary for a screened column: "Ref: NHS numbers, pseudonymised as ref_pseudonym". */
export function describeScreenedColumn(column: ScreenedColumn): string {
  const done =
    column.action === 'dropped'
      ? 'dropped (not stored)'
      : column.action === 'kept'
        ? 'kept; the table is person-level, so only its groups can be exported'
        : `${column.action} as ${column.storedAs ?? ''}`;
  return `${column.column}: ${column.found}, ${done}`;
}
