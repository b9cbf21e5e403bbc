/**
 * A choropleth as standalone SVG text: report.html embeds it inline, and the window saves it (or draws it
 * onto a canvas for PNG). Every map carries its title, the reference date, the source, the suppression rule
 * and the boundaries' attribution as text inside the picture, so a copy taken out of context still says
 * where it came from. Suppressed areas are hatched and each area has a <title> with its figure, count and
 * denominator.
 */
import { areaFill, type ChoroplethFigures, type AreaShape, NO_DATA_COLOUR, type Position, SUPPRESSED_HATCH } from './maps';

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

export interface Projection {
  readonly width: number;
  readonly height: number;
  readonly project: (position: Position) => readonly [number, number];
}

/**
 * An equirectangular projection scaled by the cosine of the middle latitude (at a city's size this is
 * within a fraction of a percent of the British National Grid), fitted to `width` with a margin.
 */
export function fitProjection(shapes: readonly AreaShape[], width: number, margin = 8): Projection {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const shape of shapes) {
    for (const polygon of shape.polygons) {
      for (const [longitude, latitude] of polygon[0] ?? []) {
        west = Math.min(west, longitude);
        east = Math.max(east, longitude);
        south = Math.min(south, latitude);
        north = Math.max(north, latitude);
      }
    }
  }
  if (!Number.isFinite(west)) return { width, height: width, project: () => [0, 0] };
  const xScale = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * xScale, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = (width - 2 * margin) / spanX;
  const height = Math.ceil(spanY * scale + 2 * margin);
  return {
    width,
    height,
    project: ([longitude, latitude]) => [margin + (longitude - west) * xScale * scale, margin + (north - latitude) * scale],
  };
}

/** An SVG path through an area's rings, to one decimal place. */
export function shapePath(shape: AreaShape, projection: Projection): string {
  return shape.polygons
    .flatMap((polygon) =>
      polygon.map((ring) => {
        const points = ring.map((position) => projection.project(position)).map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`);
        return `M${points.join('L')}Z`;
      }),
    )
    .join('');
}

export interface MapSvgOptions {
  readonly figures: ChoroplethFigures;
  readonly shapes: readonly AreaShape[];
  /** Outlines drawn over the areas without fill (the localities over a ward map). */
  readonly outlines?: readonly AreaShape[];
  /** An area drawn with a heavy border (the locality chosen beside the city). */
  readonly highlight?: string | null;
  readonly referenceDate: string;
  readonly suppressionRule: string;
  readonly attribution: string;
  readonly width?: number;
  /** Prefix for ids, so several maps can sit in one page. */
  readonly idPrefix: string;
}

function wrap(text: string, characters: number): string[] {
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

/** The map with its title above, and its legend, source, suppression rule and attribution beneath. */
export function choroplethSvg(options: MapSvgOptions): string {
  const { figures, idPrefix } = options;
  const width = options.width ?? 560;
  const projection = fitProjection(options.shapes, width);
  const hatchId = `${idPrefix}-suppressed`;
  const byCode = new Map(figures.areas.map((area) => [area.code, area]));
  const titleLines = wrap(figures.title, Math.floor(width / 9));
  const top = 8 + titleLines.length * 20 + 18;
  const areas = options.shapes
    .map((shape) => {
      const figure = byCode.get(shape.code);
      const fill = figure === undefined ? NO_DATA_COLOUR : (areaFill(figure, figures.classes) ?? `url(#${hatchId})`);
      const highlighted = shape.code === options.highlight || shape.name === options.highlight;
      const status = figure?.status ?? 'no-data';
      const label = figure?.description ?? `${shape.name}: no figure`;
      return `<path d="${shapePath(shape, projection)}" fill="${fill}" stroke="${highlighted ? '#111111' : '#ffffff'}" stroke-width="${highlighted ? 3 : 0.8}" data-code="${escapeXml(shape.code)}" data-status="${status}" data-class="${figure?.classIndex ?? ''}"><title>${escapeXml(label)}</title></path>`;
    })
    .join('');
  const outlines = (options.outlines ?? []).map((shape) => `<path d="${shapePath(shape, projection)}" fill="none" stroke="#1f2933" stroke-width="1.6" pointer-events="none"/>`).join('');
  const legendTop = top + projection.height + 12;
  const legendRows = [
    ...figures.classes.map((entry) => ({ swatch: entry.colour, text: entry.label })),
    ...(figures.suppressedCount > 0 ? [{ swatch: `url(#${hatchId})`, text: `suppressed (${figures.areas.find((area) => area.status === 'suppressed')?.display ?? ''}): a small number, or hidden so one cannot be worked out` }] : []),
    ...(figures.areas.some((area) => area.status === 'no-data') ? [{ swatch: NO_DATA_COLOUR, text: 'no figure' }] : []),
  ];
  const legend = legendRows
    .map((row, index) => `<rect x="12" y="${legendTop + 22 + index * 20}" width="16" height="14" fill="${row.swatch}" stroke="#5f6b7a" stroke-width="0.6"/><text x="36" y="${legendTop + 33 + index * 20}">${escapeXml(row.text)}</text>`)
    .join('');
  const legendHeading = `<text x="12" y="${legendTop + 12}" font-weight="700">${escapeXml(`${figures.unitLabel}; denominator: ${figures.denominatorLabel}`)}</text>`;
  const footTop = legendTop + 30 + legendRows.length * 20;
  const footLines = [
    ...(figures.unresolved === '' ? [] : wrap(figures.unresolved, Math.floor(width / 6.2))),
    ...wrap(`Reference date ${options.referenceDate}. Source: ${figures.source}`, Math.floor(width / 6.2)),
    ...wrap(options.suppressionRule, Math.floor(width / 6.2)),
    ...wrap(options.attribution, Math.floor(width / 6.2)),
  ];
  const foot = footLines.map((line, index) => `<text x="12" y="${footTop + index * 15}" font-size="11">${escapeXml(line)}</text>`).join('');
  const height = footTop + footLines.length * 15 + 8;
  const title = titleLines.map((line, index) => `<text x="12" y="${24 + index * 20}" font-size="16" font-weight="700">${escapeXml(line)}</text>`).join('');
  const subtitle = `<text x="12" y="${top - 8}" font-size="12">${escapeXml(`Reference date ${options.referenceDate}`)}</text>`;
  const summary = `${figures.title}, reference date ${options.referenceDate}. ${figures.suppressedCount} suppressed. ${options.attribution}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="12" fill="#1f2933" class="choropleth" data-level="${figures.level}">`
    + `<title>${escapeXml(figures.title)}</title>`
    + `<defs><pattern id="${hatchId}" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#ffffff"/><path d="M-1 1 L1 -1 M0 6 L6 0 M5 7 L7 5" stroke="${SUPPRESSED_HATCH}" stroke-width="1.4"/></pattern></defs>`
    + `<rect width="${width}" height="${height}" fill="#ffffff"/>${title}${subtitle}`
    + `<g transform="translate(0 ${top})">${areas}${outlines}</g>${legendHeading}${legend}${foot}</svg>`;
}
