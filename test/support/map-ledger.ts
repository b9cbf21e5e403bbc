/**
 * report.html's maps read back into the disclosure ledger under the same keys as every other export
 * (export-ledger.ts): each map's table (area, figure, count, denominator) and each area's SVG title
 * ("…; count C of D …" for an indicator, "…; C of D people." for a village category), so a ward or locality
 * figure shown on a map is one variable with the same figure in village.json and the tables.
 */
import type { DisclosureLedger } from './disclosure-checker';
import { countValue, indicatorKey, partitionKey, partitionTotalKey, type VillageShape } from './export-ledger';

function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** Records every figure of the report's maps; returns how many were read. */
export function recordReportMaps(ledger: DisclosureLedger, shape: VillageShape, html: string, where: string): number {
  const { village } = shape;
  const symbol = village.suppression.symbol;
  let recorded = 0;
  const record = (key: string, display: string, context: string): void => {
    ledger.record(key, countValue(unescapeHtml(display), symbol, `${where} ${context}`), where);
    recorded += 1;
  };
  // report.html's maps section and the outcome pages' maps ("map outcome-map") alike.
  for (const figure of html.split(/<figure class="map(?: outcome-map)?" /).slice(1)) {
    const header = /^data-level="(locality|ward)" (?:data-indicator="([^"]+)"|data-partition="([^"]+)" data-category="([^"]+)")>/.exec(figure);
    if (header === null) throw new Error(`${where}: a map without its level and what it maps`);
    const [, level, indicatorId, partition, category] = header as unknown as [string, string, string | undefined, string | undefined, string | undefined];
    const id = indicatorId ?? `${partition ?? ''} ${unescapeHtml(category ?? '')}`;
    const countKey = (code: string): string => (indicatorId === undefined ? partitionKey(partition ?? '', code, unescapeHtml(category ?? '')) : indicatorKey(indicatorId, 'count', code));
    const denominatorKey = (code: string): string => (indicatorId === undefined ? partitionTotalKey(shape, partition ?? '', code) : indicatorKey(indicatorId, 'denominator', code));
    const body = figure.slice(0, figure.indexOf('</figure>'));
    const codeOf = (name: string): string => {
      const area = village.areas.find((entry) => entry.level === level && entry.name === unescapeHtml(name));
      if (area === undefined) throw new Error(`${where}: the ${id} map names no ${level} ${name}`);
      return area.code;
    };
    for (const row of body.matchAll(/<tr><th scope="row">(.*?)<\/th>(?:<td class="parent">.*?<\/td>)?<td class="num">.*?<\/td><td class="num">(.*?)<\/td><td class="num">(.*?)<\/td><\/tr>/g)) {
      const code = codeOf(row[1] as string);
      record(countKey(code), row[2] as string, `${id} ${level} table ${row[1] as string}`);
      if (row[3] !== '') record(denominatorKey(code), row[3] as string, `${id} ${level} table ${row[1] as string} denominator`);
    }
    const titles = indicatorId === undefined ? /<g data-code="([^"]+)"[^>]*><title>[^<]*?; (\S+) of (\S+) people\./g : /<g data-code="([^"]+)"[^>]*><title>[^<]*?; count (\S+) of (\S+) /g;
    for (const title of body.matchAll(titles)) {
      record(countKey(unescapeHtml(title[1] as string)), title[2] as string, `${id} ${level} map ${title[1] as string}`);
      record(denominatorKey(unescapeHtml(title[1] as string)), title[3] as string, `${id} ${level} map ${title[1] as string} denominator`);
    }
  }
  return recorded;
}
