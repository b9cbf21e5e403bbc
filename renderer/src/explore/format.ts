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

/** A file size in the units Windows Explorer shows (KB, MB), rounded to one decimal place. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${units[unit]}`;
}

/** A share 0–1 as a whole percentage, e.g. 0.856 → "86%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
