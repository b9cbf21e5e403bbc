import type { DateOrder, ScreenedColumn } from './api';

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

/** A sentence for an import summary on how dates were read, or null when nothing is worth saying. */
export function describeDateOrder(dateOrder: DateOrder | undefined): string | null {
  if (dateOrder === undefined) return null;
  const check = dateOrder.ambiguous === 0 ? '' : ` ${dateOrder.ambiguous.toLocaleString('en-GB')} ${dateOrder.ambiguous === 1 ? 'date' : 'dates'} could be read either way and ${dateOrder.ambiguous === 1 ? 'was' : 'were'} read the same way: worth a check.`;
  if (dateOrder.order === 'month-first') return `Dates were read month-first (US order, mm/dd/yyyy): the file's unambiguous dates are written that way.${check}`;
  if (dateOrder.order === 'mixed') return 'The file writes dates both day-first and month-first, so its columns were kept as text, as sent: fix the dates at source and import again.';
  return dateOrder.ambiguous === 0 ? null : `Dates were read day-first (dd/mm/yyyy).${check}`;
}
