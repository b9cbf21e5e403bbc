/**
 * A choropleth as standalone SVG text: report.html embeds it inline, and the window saves it (or draws it
 * onto a canvas for PNG). Every map carries its title, the reference date, the source, the suppression rule
 * and the boundaries' attribution as text inside the picture, so a copy taken out of context still says
 * where it came from. Suppressed areas are hatched (lines clipped to the area, no pattern reference) and each
 * area has a <title> with its figure, count and denominator.
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

/**
 * Diagonal hatch lines clipped to an area (even–odd over all its rings), as one SVG path: the suppressed
 * pattern without a <pattern> or url() reference, so report.html stays free of any reference at all.
 */
export function hatchPath(shape: AreaShape, projection: Projection, spacing = 5): string {
  // Lines x + y = c, walked along u = x - y; each crossing of an edge with a line is a change of inside/outside.
  const edges: [number, number, number, number][] = [];
  let low = Infinity;
  let high = -Infinity;
  for (const polygon of shape.polygons) {
    for (const ring of polygon) {
      const points = ring.map((position) => projection.project(position));
      for (let index = 0; index + 1 < points.length; index += 1) {
        const [x1, y1] = points[index] as readonly [number, number];
        const [x2, y2] = points[index + 1] as readonly [number, number];
        edges.push([x1 + y1, x1 - y1, x2 + y2, x2 - y2]);
        low = Math.min(low, x1 + y1);
        high = Math.max(high, x1 + y1);
      }
    }
  }
  const segments: string[] = [];
  for (let c = Math.ceil(low / spacing) * spacing + spacing / 2; c < high; c += spacing) {
    const crossings: number[] = [];
    for (const [s1, u1, s2, u2] of edges) {
      if ((s1 <= c && s2 > c) || (s2 <= c && s1 > c)) crossings.push(u1 + ((c - s1) / (s2 - s1)) * (u2 - u1));
    }
    crossings.sort((a, b) => a - b);
    for (let index = 0; index + 1 < crossings.length; index += 2) {
      const [ua, ub] = [crossings[index] as number, crossings[index + 1] as number];
      segments.push(`M${((c + ua) / 2).toFixed(1)} ${((c - ua) / 2).toFixed(1)}L${((c + ub) / 2).toFixed(1)} ${((c - ub) / 2).toFixed(1)}`);
    }
  }
  return segments.join('');
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
  /** A file of its own (xmlns and an XML-safe root) rather than an inline SVG inside report.html. */
  readonly standalone?: boolean;
  /**
   * Shapes drawn once elsewhere in the page (shapeDefinitions) and referenced here by id, so a page of many
   * maps holds each outline once; `projection` must be the one they were drawn with.
   */
  readonly shared?: { readonly projection: Projection; readonly idOf: (shape: AreaShape) => string };
}

/** A hidden SVG holding every shape once, for the maps of one page to reference (MapSvgOptions.shared). */
export function shapeDefinitions(shapes: readonly AreaShape[], projection: Projection, idOf: (shape: AreaShape) => string): string {
  const paths = shapes.map((shape) => `<path id="${escapeXml(idOf(shape))}" d="${shapePath(shape, projection)}"/>`).join('');
  return `<svg width="0" height="0" aria-hidden="true" focusable="false" style="position:absolute"><defs>${paths}</defs></svg>`;
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
  const { figures } = options;
  const width = options.width ?? 560;
  const projection = options.shared?.projection ?? fitProjection(options.shapes, width);
  const draw = (shape: AreaShape, attributes: string): string =>
    options.shared === undefined ? `<path d="${shapePath(shape, projection)}" ${attributes}/>` : `<use href="#${escapeXml(options.shared.idOf(shape))}" ${attributes}/>`;
  const byCode = new Map(figures.areas.map((area) => [area.code, area]));
  const titleLines = wrap(figures.title, Math.floor(width / 9));
  const top = 8 + titleLines.length * 20 + 18;
  const areas = options.shapes
    .map((shape) => {
      const figure = byCode.get(shape.code);
      const fill = figure === undefined ? NO_DATA_COLOUR : (areaFill(figure, figures.classes) ?? '#ffffff');
      const highlighted = shape.code === options.highlight || shape.name === options.highlight;
      const status = figure?.status ?? 'no-data';
      const label = figure?.description ?? `${shape.name}: no figure`;
      const hatch = status === 'suppressed' ? `<path d="${hatchPath(shape, projection)}" stroke="${SUPPRESSED_HATCH}" stroke-width="1.2" fill="none" pointer-events="none"/>` : '';
      return `<g data-code="${escapeXml(shape.code)}" data-status="${status}" data-class="${figure?.classIndex ?? ''}" data-fill="${fill}"><title>${escapeXml(label)}</title>${draw(shape, `fill="${fill}" stroke="${highlighted ? '#111111' : '#8a94a3'}" stroke-width="${highlighted ? 3 : 0.5}"`)}${hatch}</g>`;
    })
    .join('');
  const hatchSwatch = (y: number): string => `<rect x="12" y="${y}" width="16" height="14" fill="#ffffff" stroke="#5f6b7a" stroke-width="0.6"/><path d="M12 ${y + 6}L18 ${y}M12 ${y + 12}L24 ${y}M14 ${y + 14}L28 ${y}M20 ${y + 14}L28 ${y + 6}" stroke="${SUPPRESSED_HATCH}" stroke-width="1.2"/>`;
  const outlines = (options.outlines ?? []).map((shape) => draw(shape, 'fill="none" stroke="#1f2933" stroke-width="1.6" pointer-events="none"')).join('');
  const legendTop = top + projection.height + 12;
  const legendRows = [
    ...figures.classes.map((entry) => ({ swatch: entry.colour, text: entry.label })),
    ...(figures.suppressedCount > 0 ? [{ swatch: null, text: `suppressed (${figures.areas.find((area) => area.status === 'suppressed')?.display ?? ''}): a small number, or hidden so one cannot be worked out` }] : []),
    ...(figures.areas.some((area) => area.status === 'no-data') ? [{ swatch: NO_DATA_COLOUR, text: 'no figure' }] : []),
  ];
  const unitLines = wrap(`${figures.unitLabel}; denominator: ${figures.denominatorLabel}`, Math.floor(width / 7.4));
  // The unit in bold, then how the classes were drawn.
  const headingLines = [...unitLines, ...wrap(figures.classNote, Math.floor(width / 7.4))];
  const legendRowsTop = legendTop + 4 + headingLines.length * 16;
  const legend = legendRows
    .map((row, index) => {
      const y = legendRowsTop + index * 20;
      const swatch = row.swatch === null ? hatchSwatch(y) : `<rect x="12" y="${y}" width="16" height="14" fill="${row.swatch}" stroke="#5f6b7a" stroke-width="0.6"/>`;
      return `${swatch}<text x="36" y="${y + 11}">${escapeXml(row.text)}</text>`;
    })
    .join('');
  const legendHeading = headingLines.map((line, index) => `<text x="12" y="${legendTop + 12 + index * 16}"${index < unitLines.length ? ' font-weight="700"' : ''}>${escapeXml(line)}</text>`).join('');
  const footTop = legendRowsTop + 8 + legendRows.length * 20;
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
  const namespace = options.standalone === true ? 'xmlns="http://www.w3.org/2000/svg" ' : '';
  return `<svg ${namespace}role="img" aria-label="${escapeXml(summary)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="12" fill="#1f2933" class="choropleth" data-level="${figures.level}">`
    + `<title>${escapeXml(figures.title)}</title>`
    + `<rect width="${width}" height="${height}" fill="#ffffff"/>${title}${subtitle}`
    + `<g transform="translate(0 ${top})">${areas}${outlines}</g>${legendHeading}${legend}${foot}</svg>`;
}
