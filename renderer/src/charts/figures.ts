import type { PublishedCount } from '../../../shared/village';

const grouping = new Intl.NumberFormat('en-GB');

/**
 * An engine display string as a reader expects it: whole numbers get thousands separators ("11025" →
 * "11,025"); the suppression symbol and decimals are shown exactly as the engine wrote them.
 */
export function formatDisplay(display: string): string {
  return /^-?\d{4,}$/.test(display) ? grouping.format(Number(display)) : display;
}

/** A published count as text: its display, formatted; suppressed counts show the symbol. */
export function countText(count: PublishedCount): string {
  return formatDisplay(count.display);
}

/** Why a figure is hidden, in words, or '' when it is published. */
export function withheldReason(count: PublishedCount): string {
  if (count.status === 'primary') return 'withheld: a small number';
  if (count.status === 'secondary') return 'withheld so that a small number cannot be worked out';
  return '';
}
