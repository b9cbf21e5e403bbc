import { categoryStyle, patternDefinition, REST_FILL, REST_OUTLINE, TEXT_COLOUR, withheldPatternDefinition } from '../charts/palette';
import type { PictogramModel, Segment } from './pictogram-model';

/**
 * Draws a village pictogram as SVG markup: one figure per villager, ten to a row, filled segment by segment
 * in legend order. The same markup is shown on screen and saved (with a caption, legend and source) as SVG
 * or PNG, so a saved picture is exactly what the officer saw. Colours are presentation attributes, not CSS,
 * so the saved file looks the same outside the window.
 */

export const CELL = 26;
const FIGURE = 24;
const PADDING = 16;
const LEGEND_ROW = 20;
const TEXT_LINE = 16;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character] ?? character);
}

export function columnsFor(size: number): number {
  return size <= 100 ? 10 : Math.ceil(Math.sqrt(size));
}

/** A village larger than 100 (1,000) is drawn as blocks of 100 (ten by ten), five blocks to a row, with small figures. */
const BLOCK = 100;
const BLOCKS_PER_ROW = 5;
const SMALL_CELL = 10;
const BLOCK_GAP = 12;

function inBlocks(size: number): boolean {
  return size > BLOCK && size % BLOCK === 0;
}

/** Where the figure at `position` sits (its cell's top left) and the cell's size. */
export function figurePlace(size: number, position: number): { readonly x: number; readonly y: number; readonly cell: number } {
  if (!inBlocks(size)) {
    const columns = columnsFor(size);
    return { x: (position % columns) * CELL, y: Math.floor(position / columns) * CELL, cell: CELL };
  }
  const block = Math.floor(position / BLOCK);
  const within = position % BLOCK;
  const blockSide = 10 * SMALL_CELL + BLOCK_GAP;
  return {
    x: (block % BLOCKS_PER_ROW) * blockSide + (within % 10) * SMALL_CELL,
    y: Math.floor(block / BLOCKS_PER_ROW) * blockSide + Math.floor(within / 10) * SMALL_CELL,
    cell: SMALL_CELL,
  };
}

/** The segment index of each figure in reading order (length = the village size). */
export function figureSegments(model: PictogramModel): number[] {
  const order: number[] = [];
  model.segments.forEach((segment, index) => {
    for (let figure = 0; figure < segment.figures && order.length < model.size; figure += 1) order.push(index);
  });
  return order;
}

function fillOf(prefix: string, segment: Segment, index: number): string {
  return segment.style.kind === 'rest' ? REST_FILL : `url(#${prefix}-s${index})`;
}

function definitions(prefix: string, model: PictogramModel): string {
  const patterns = model.segments.map((segment, index) => {
    if (segment.style.kind === 'category') {
      const style = categoryStyle(segment.style.index);
      return patternDefinition(`${prefix}-s${index}`, style.colour, style.pattern);
    }
    return segment.style.kind === 'withheld' ? withheldPatternDefinition(`${prefix}-s${index}`) : '';
  });
  const shape = '<circle cx="12" cy="5.5" r="4.6"/><path d="M3.5 23.5 V17 A8.5 7.5 0 0 1 20.5 17 V23.5 Z"/>';
  const figure = `<g id="${prefix}-fig">${shape}</g>`;
  // The same figure at the size of a village of 1,000's cell (SMALL_CELL), for blocks of 100.
  const small = inBlocks(model.size) ? `<g id="${prefix}-fig-small" transform="scale(${(SMALL_CELL - 1) / FIGURE})">${shape}</g>` : '';
  return `<defs>${figure}${small}${patterns.join('')}</defs>`;
}

function strokeOf(segment: Segment): string {
  if (segment.style.kind === 'rest') return ` stroke="${REST_OUTLINE}" stroke-width="1"`;
  if (segment.style.kind === 'withheld') return ` stroke="${REST_OUTLINE}" stroke-width="1"`;
  return '';
}

function figuresMarkup(prefix: string, model: PictogramModel, originX: number, originY: number, highlight: number | null): string {
  const small = inBlocks(model.size);
  const drawn = small ? SMALL_CELL - 1 : FIGURE;
  return figureSegments(model)
    .map((segmentIndex, position) => {
      const segment = model.segments[segmentIndex];
      if (!segment) return '';
      const place = figurePlace(model.size, position);
      const x = originX + place.x + (place.cell - drawn) / 2;
      const y = originY + place.y + (place.cell - drawn) / 2;
      const dimmed = highlight !== null && highlight !== segmentIndex ? ' opacity="0.25"' : '';
      const stroke = small && segment.style.kind !== 'category' ? strokeOf(segment).replace('stroke-width="1"', `stroke-width="${(FIGURE / drawn).toFixed(2)}"`) : strokeOf(segment);
      return `<use href="#${prefix}-fig${small ? '-small' : ''}" x="${x}" y="${y}" fill="${fillOf(prefix, segment, segmentIndex)}"${stroke}${dimmed} data-segment="${segmentIndex}"/>`;
    })
    .join('');
}

export function gridSize(model: PictogramModel): { readonly width: number; readonly height: number } {
  if (inBlocks(model.size)) {
    const blocks = model.size / BLOCK;
    const blockSide = 10 * SMALL_CELL;
    const across = Math.min(blocks, BLOCKS_PER_ROW);
    const down = Math.ceil(blocks / BLOCKS_PER_ROW);
    return { width: across * blockSide + (across - 1) * BLOCK_GAP, height: down * blockSide + (down - 1) * BLOCK_GAP };
  }
  const columns = columnsFor(model.size);
  return { width: columns * CELL, height: Math.ceil(model.size / columns) * CELL };
}

/** The figures alone, for the screen (the legend and caption are HTML there). */
export function pictogramSvg(model: PictogramModel, prefix: string, highlight: number | null = null): string {
  const { width, height } = gridSize(model);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false">${definitions(prefix, model)}${figuresMarkup(prefix, model, 0, 0, highlight)}</svg>`;
}

/** Splits text into lines of at most `width` characters at spaces. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface SvgDocument {
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** A standalone picture to save: title, figures, legend with each category's villagers and count, reference date, source and rule. */
export function pictogramDocument(model: PictogramModel, suppressionRule: string, referenceDate: string): SvgDocument {
  const prefix = 'village';
  const grid = gridSize(model);
  const width = Math.max(grid.width + 2 * PADDING, 520);
  const characters = Math.floor((width - 2 * PADDING) / 6.4);
  const title = `${model.areaName}: ${model.viewLabel}`;
  const subtitle = `If ${model.areaName} were a village of ${model.size.toLocaleString('en-GB')}${inBlocks(model.size) ? ` (blocks of ${BLOCK})` : ''} · ages on ${referenceDate}`;
  let y = PADDING + 16;
  const parts: string[] = [
    `<text x="${PADDING}" y="${y}" font-size="16" font-weight="700" fill="${TEXT_COLOUR}">${escapeXml(title)}</text>`,
    `<text x="${PADDING}" y="${y + 18}" font-size="12" fill="${TEXT_COLOUR}">${escapeXml(subtitle)}</text>`,
  ];
  y += 30;
  const gridX = PADDING;
  parts.push(figuresMarkup(prefix, model, gridX, y, null));
  y += grid.height + 12;
  model.segments.forEach((segment, index) => {
    const swatch = `<rect x="${PADDING}" y="${y}" width="14" height="14" fill="${fillOf(prefix, segment, index)}" stroke="${REST_OUTLINE}" stroke-width="1"/>`;
    const count = segment.count === '' ? '' : ` · count ${segment.count} of ${segment.denominator}`;
    const label = `${segment.label}: ${segment.villagers} of ${model.size.toLocaleString('en-GB')}${count}`;
    parts.push(`${swatch}<text x="${PADDING + 20}" y="${y + 11}" font-size="12" fill="${TEXT_COLOUR}">${escapeXml(label)}</text>`);
    y += LEGEND_ROW;
  });
  y += 6;
  for (const line of [...wrapText(`Source: ${model.source}`, characters), ...wrapText(suppressionRule, characters)]) {
    parts.push(`<text x="${PADDING}" y="${y + 10}" font-size="10.5" fill="${TEXT_COLOUR}">${escapeXml(line)}</text>`);
    y += TEXT_LINE - 2;
  }
  const height = y + PADDING;
  const font = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"';
  const text = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${font} role="img"><title>${escapeXml(model.summary)}</title><rect width="${width}" height="${height}" fill="#ffffff"/>${definitions(prefix, model)}${parts.join('')}</svg>`;
  return { text, width, height };
}
