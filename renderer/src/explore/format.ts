/** Display formats shared by the Explore screen: UK conventions, because the officers read dates as dd/mm/yyyy. */

const countFormat = new Intl.NumberFormat('en-GB');

export function formatCount(count: number): string {
  return countFormat.format(count);
}

export function formatRowCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'row' : 'rows'}`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** A DATE from Arrow (epoch milliseconds at UTC midnight) as dd/mm/yyyy; UTC so the day never shifts with the clock. */
export function formatEpochDate(epochMs: number): string {
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime())) return '';
  return `${twoDigits(date.getUTCDate())}/${twoDigits(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear()).padStart(4, '0')}`;
}

/** An ISO timestamp from the engine as "dd/mm/yyyy hh:mm" in the officer's local time; the raw text if unreadable. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${twoDigits(date.getDate())}/${twoDigits(date.getMonth() + 1)}/${date.getFullYear()} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}
