/** Conversions between calendar dates and Excel's 1900-system serial day numbers. */

const MILLISECONDS_PER_DAY = 86_400_000;
/** Serial 0 in the 1900 system is 1899-12-30 once the fictitious 1900-02-29 (serial 60) is accounted for. */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30);
/** Days between the 1900 and 1904 systems' day zero: add it to a 1904-system serial. */
export const DATE_1904_OFFSET_DAYS = 1462;

const ISO_DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * The 1900-system serial of an ISO 8601 date/time as found in `t="d"` cells (`2024-03-15`,
 * `2024-03-15T08:30:00`, or a bare time). A time without zone is Excel wall-clock time. Returns `undefined`
 * for text that is not such a date.
 */
export function isoDateTextToSerial(text: string): number | undefined {
  const time = ISO_TIME_PATTERN.exec(text);
  if (time) {
    const seconds = Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0) + Number(time[4] ?? 0);
    return seconds / 86_400;
  }
  const match = ISO_DATE_TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const milliseconds =
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)) +
    Math.round(Number(match[7] ?? 0) * 1000) -
    offsetMinutes(match[8]) * 60_000;
  const days = (milliseconds - EPOCH_1900_MS) / MILLISECONDS_PER_DAY;
  // Excel counts 1900-02-29, which never existed, so every earlier date is one less than plain day arithmetic.
  return days < 61 ? days - 1 : days;
}
