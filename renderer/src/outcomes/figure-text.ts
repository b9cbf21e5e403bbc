import { formatDisplay } from '../charts/figures';

/** A figure with its unit as a sentence reads it: "12.3 per 100", "8.1%", "c (suppressed)", "not published". */
export function figureWithUnit(display: string, unit: string): string {
  if (display === '') return 'not published';
  if (!/\d/.test(display)) return `${display} (suppressed)`;
  return unit === '%' ? `${formatDisplay(display)}%` : `${formatDisplay(display)} ${unit}`;
}
