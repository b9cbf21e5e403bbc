import { escapeXml } from '../../../shared/map-svg';
import { formatDisplay } from '../charts/figures';
import { COMPARISON_ORDER, COMPARISON_STYLES, type Comparison } from './comparison';
import { figureWithUnit } from './figure-text';
import type { AreaRef, OutcomeView, OutcomesModel } from './outcomes-view';
import { spineGeometry } from './spine';

/**
 * The Outcomes page's spine charts and city framework table as standalone SVG, drawn from the same model the
 * page draws from (never a copy of the page's pixels), so the window can turn each into a PNG to publish. Each
 * picture carries its title, period, confidence level, sources and suppression rule as text inside it.
 */

export interface OutcomesPicture {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  /** The period and the comparison made, for the PNG's Description text chunk. */
  readonly description: string;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
const TEXT = '#1f2933';
const RULE = '#d0d5dc';

/** Words in lines of at most `characters`; a single longer word keeps a line of its own. */
export function wrapWords(text: string, characters: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && candidate.length > characters) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x}" y="${y}"${attributes === '' ? '' : ` ${attributes}`}>${escapeXml(content)}</text>`;
}

function lines(x: number, top: number, step: number, content: readonly string[], attributes = ''): string {
  return content.map((line, index) => text(x, top + index * step, line, attributes)).join('');
}

/** The page's sources and suppression rule, wrapped under a picture. */
export function footerLines(view: OutcomesModel, characters: number): string[] {
  return [...wrapWords(`Sources: ${view.sources.join('; ')}`, characters), ...wrapWords(view.suppressionRule, characters)];
}

function document(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}" font-size="12" fill="${TEXT}"><title>${escapeXml(title)}</title><rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`;
}

/** A marker shaped by its call, as the page's spine marker is (● better or similar, ■ worse, ▲ higher, ▼ lower). */
function marker(cx: number, cy: number, comparison: Comparison): string {
  const common = `fill="${COMPARISON_STYLES[comparison].background}" stroke="${TEXT}" stroke-width="1.5"`;
  switch (comparison) {
    case 'worse':
      return `<rect x="${cx - 6}" y="${cy - 6}" width="12" height="12" ${common}/>`;
    case 'higher':
      return `<polygon points="${cx},${cy - 7} ${cx + 7},${cy + 6} ${cx - 7},${cy + 6}" ${common}/>`;
    case 'lower':
      return `<polygon points="${cx},${cy + 7} ${cx + 7},${cy - 6} ${cx - 7},${cy - 6}" ${common}/>`;
    case 'similar':
    case 'better':
    case 'not-compared':
      return `<circle cx="${cx}" cy="${cy}" r="6.5" ${common}/>`;
  }
}

/**
 * One outcome's spine chart for a locality: a row per indicator with the locality's figure, the city's, the
 * call against the city, and the spine (the localities' range and middle half, the city's line, each
 * locality's tick and the locality's marker), worst on the left where the indicator has a polarity.
 */
export function spineChartPicture(view: OutcomesModel, outcome: OutcomeView, locality: AreaRef, level: string): OutcomesPicture {
  const latest = view.periods.length - 1;
  const period = view.periods[latest]?.label ?? '';
  const title = `${outcome.name}: ${locality.name} against ${view.city.name}, ${period}`;
  const description = `${period}. Each figure compared with ${view.city.name} at ${level} confidence; the spine spans the ${view.localities.length} localities.`;
  const width = 980;
  const columns = { indicator: 16, locality: 330, city: 450, call: 560, spine: 720 };
  const spineWidth = 240;
  const rowHeight = 36;
  const headTop = 62;
  const rowsTop = headTop + 24;
  const rows = outcome.indicators
    .map((indicator, index) => {
      const top = rowsTop + index * rowHeight;
      const middle = top + rowHeight / 2;
      const figure = view.figure(locality.code, indicator.id, latest, level);
      const city = view.figure(view.city.code, indicator.id, latest, level);
      const comparison = figure?.comparison ?? 'not-compared';
      const spine = spineGeometry({
        benchmark: city?.value ?? null,
        localities: view.localities.map((area) => ({ area: area.name, value: view.figure(area.code, indicator.id, latest, level)?.value ?? null })),
        chosen: locality.name,
        polarity: indicator.polarity,
      });
      const x = (position: number): number => columns.spine + position * spineWidth;
      const drawn =
        spine === null
          ? text(columns.spine, middle + 4, 'No locality published', 'fill="#4a5563"')
          : `<rect x="${x(spine.rangeStart)}" y="${middle - 6}" width="${Math.max(1, x(spine.rangeEnd) - x(spine.rangeStart))}" height="12" fill="#c9d0d8"/>`
            + `<rect x="${x(spine.middleStart)}" y="${middle - 6}" width="${Math.max(1, x(spine.middleEnd) - x(spine.middleStart))}" height="12" fill="#8a96a3"/>`
            + spine.ticks.map((tick) => `<line x1="${x(tick.position)}" x2="${x(tick.position)}" y1="${middle - 8}" y2="${middle + 8}" stroke="#4a5563"/>`).join('')
            + `<line x1="${x(spine.centre)}" x2="${x(spine.centre)}" y1="${middle - 12}" y2="${middle + 12}" stroke="#111111" stroke-width="2.5"/>`
            + (spine.chosen === null ? '' : marker(x(spine.chosen), middle, comparison));
      const name = wrapWords(`${indicator.name} (${indicator.unit})`, 44).slice(0, 2);
      return `<g data-indicator="${escapeXml(indicator.id)}" data-comparison="${comparison}">`
        + `<line x1="0" x2="${width}" y1="${top + rowHeight}" y2="${top + rowHeight}" stroke="${RULE}"/>`
        + lines(columns.indicator, middle + (name.length === 1 ? 4 : -3), 14, name)
        + text(columns.locality, middle + 4, figureWithUnit(figure?.display ?? '', indicator.unit))
        + text(columns.city, middle + 4, figureWithUnit(city?.display ?? '', indicator.unit))
        + text(columns.call, middle + 4, `${COMPARISON_STYLES[comparison].mark} ${COMPARISON_STYLES[comparison].label}`)
        + drawn
        + '</g>';
    })
    .join('');
  const worstFirst = outcome.indicators.some((indicator) => indicator.polarity !== 'none');
  const head =
    text(columns.indicator, headTop + 12, 'Indicator', 'font-weight="700"')
    + text(columns.locality, headTop + 12, locality.name, 'font-weight="700"')
    + text(columns.city, headTop + 12, view.city.name, 'font-weight="700"')
    + text(columns.call, headTop + 12, `Against ${view.city.name}`, 'font-weight="700"')
    + text(columns.spine, headTop + 12, worstFirst ? 'Worst' : 'Lowest', 'font-weight="700"')
    + text(columns.spine + spineWidth, headTop + 12, worstFirst ? 'Best' : 'Highest', 'font-weight="700" text-anchor="end"');
  const keyTop = rowsTop + outcome.indicators.length * rowHeight + 20;
  const key = wrapWords(
    `Pale bar: range of the localities; darker bar: their middle half; black line: ${view.city.name}; ticks: each locality; marker: ${locality.name}, shaped by its call (● better or similar, ■ worse, ▲ higher, ▼ lower). Where an indicator has no polarity the lowest is on the left.`,
    150,
  );
  const footTop = keyTop + key.length * 15 + 10;
  const foot = footerLines(view, 150);
  const height = footTop + foot.length * 15 + 12;
  const body =
    text(16, 28, title, 'font-size="18" font-weight="700"')
    + text(16, 48, description)
    + head
    + `<line x1="0" x2="${width}" y1="${rowsTop}" y2="${rowsTop}" stroke="${TEXT}"/>`
    + rows
    + lines(16, keyTop, 15, key, 'font-size="11"')
    + lines(16, footTop, 15, foot, 'font-size="11"');
  return { svg: document(width, height, title, body), width, height, title, description };
}

/**
 * The city's outcome framework as a heat table: an indicator per row under its outcome, the city's figure,
 * then each locality's figure on its call's colour with the call in words and its mark beneath.
 */
export function frameworkPicture(view: OutcomesModel, level: string): OutcomesPicture {
  const latest = view.periods.length - 1;
  const period = view.periods[latest]?.label ?? '';
  const title = `The outcome framework by locality, ${period}`;
  const description = `${period}. Each locality compared with ${view.city.name} at ${level} confidence.`;
  const indicatorWidth = 260;
  const cellWidth = 96;
  const width = indicatorWidth + cellWidth * (view.localities.length + 1) + 16;
  const headTop = 62;
  const headNames = [view.city.name, ...view.localities.map((area) => area.name)].map((name) => wrapWords(name, 13).slice(0, 2));
  const rowsTop = headTop + 36;
  const rowHeight = 36;
  const outcomeHeight = 24;
  const columnX = (index: number): number => 16 + indicatorWidth + index * cellWidth;
  const head =
    text(16, headTop + 14, 'Indicator', 'font-weight="700"')
    + headNames.map((name, index) => lines(columnX(index) + cellWidth - 6, headTop + 14, 14, name, 'font-weight="700" text-anchor="end"')).join('');
  let top = rowsTop;
  const body: string[] = [];
  for (const outcome of view.outcomes) {
    body.push(`<rect x="0" y="${top}" width="${width}" height="${outcomeHeight}" fill="#eef1f4"/>${text(16, top + 16, outcome.name, 'font-weight="700"')}`);
    top += outcomeHeight;
    for (const indicator of outcome.indicators) {
      const city = view.figure(view.city.code, indicator.id, latest, level);
      const name = wrapWords(`${indicator.name} (${indicator.unit})`, 38).slice(0, 2);
      const cells = view.localities
        .map((area, index) => {
          const figure = view.figure(area.code, indicator.id, latest, level);
          const comparison = figure?.comparison ?? 'not-compared';
          const style = COMPARISON_STYLES[comparison];
          const x = columnX(index + 1);
          const right = x + cellWidth - 6;
          return `<g data-area="${escapeXml(area.code)}" data-comparison="${comparison}"><rect x="${x + 1}" y="${top + 1}" width="${cellWidth - 2}" height="${rowHeight - 2}" fill="${style.background}"/>`
            + text(right, top + 15, formatDisplay(figure?.display ?? '') || '–', `fill="${style.text}" text-anchor="end"`)
            + text(right, top + 29, `${style.mark} ${style.label}`, `fill="${style.text}" font-size="10" text-anchor="end"`)
            + '</g>';
        })
        .join('');
      body.push(
        `<g data-indicator="${escapeXml(indicator.id)}">`
          + lines(16, top + (name.length === 1 ? 22 : 15), 14, name)
          + text(columnX(0) + cellWidth - 6, top + 22, formatDisplay(city?.display ?? '') || '–', 'text-anchor="end"')
          + cells
          + `<line x1="0" x2="${width}" y1="${top + rowHeight}" y2="${top + rowHeight}" stroke="${RULE}"/></g>`,
      );
      top += rowHeight;
    }
  }
  const keyTop = top + 18;
  // A lead sentence, then each call's swatch and word at a fixed pitch, so no label runs into the next.
  const keyLead = `Each locality against ${view.city.name} at ${level} confidence:`;
  const keyStart = 16 + keyLead.length * 6.4 + 16;
  const key =
    text(16, keyTop, keyLead, 'font-size="11"')
    + COMPARISON_ORDER.map((comparison, index) => {
      const x = keyStart + index * 130;
      const style = COMPARISON_STYLES[comparison];
      return `<rect x="${x}" y="${keyTop - 11}" width="18" height="14" fill="${style.background}" stroke="#5f6b7a" stroke-width="0.6"/>${text(x + 24, keyTop, `${style.mark} ${style.label}`, 'font-size="11"')}`;
    }).join('');
  const footTop = keyTop + 24;
  const foot = footerLines(view, Math.floor(width / 6.4));
  const height = footTop + foot.length * 15 + 12;
  const picture =
    text(16, 28, title, 'font-size="18" font-weight="700"')
    + text(16, 48, description)
    + head
    + `<line x1="0" x2="${width}" y1="${rowsTop}" y2="${rowsTop}" stroke="${TEXT}"/>`
    + body.join('')
    + key
    + lines(16, footTop, 15, foot, 'font-size="11"');
  return { svg: document(width, height, title, picture), width, height, title, description };
}
