/**
 * Colours and patterns for categories in every chart of the window. Each colour has at least 3:1 contrast
 * against white (WCAG 1.4.11, graphical objects), and each category also has its own pattern, so colour is
 * never the only way to tell two categories apart. The same category index gets the same colour and
 * pattern on every screen.
 */

export const CATEGORY_COLOURS = [
  '#1d4f91',
  '#b3541e',
  '#2e7d32',
  '#7b2d8e',
  '#00766c',
  '#c2185b',
  '#5d4037',
  '#0270b0',
  '#6f6a12',
  '#37474f',
  '#a33a3a',
  '#4a5fa8',
] as const;

/** Figures withheld by disclosure control: mid grey with a hatch, never a category colour. */
export const WITHHELD_COLOUR = '#6b7684';
/** Figures outside an indicator's count ("the rest of the village"): pale fill with a dark outline. */
export const REST_FILL = '#e4e7ec';
export const REST_OUTLINE = '#4a5563';
export const TEXT_COLOUR = '#1f2933';

export const PATTERN_KINDS = ['solid', 'diagonal', 'dots', 'horizontal', 'crosshatch', 'vertical', 'antidiagonal', 'grid', 'rings', 'checks', 'wide-diagonal', 'wide-dots'] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];

export interface CategoryStyle {
  readonly colour: string;
  readonly pattern: PatternKind;
}

export function categoryStyle(index: number): CategoryStyle {
  const position = ((index % CATEGORY_COLOURS.length) + CATEGORY_COLOURS.length) % CATEGORY_COLOURS.length;
  return { colour: CATEGORY_COLOURS[position] ?? CATEGORY_COLOURS[0], pattern: PATTERN_KINDS[position] ?? 'solid' };
}

function channel(value: number): number {
  const scaled = value / 255;
  return scaled <= 0.03928 ? scaled / 12.92 : ((scaled + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [red, green, blue] = [match[1], match[2], match[3]].map((part) => channel(parseInt(part ?? '0', 16)));
  return 0.2126 * (red ?? 0) + 0.7152 * (green ?? 0) + 0.0722 * (blue ?? 0);
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** SVG markup of the marks a pattern draws over its colour, in a 6×6 tile. */
function patternMarks(kind: PatternKind): string {
  const mark = 'stroke="#ffffff" stroke-width="1.3"';
  switch (kind) {
    case 'solid':
      return '';
    case 'diagonal':
      return `<path d="M-1 1 L1 -1 M0 6 L6 0 M5 7 L7 5" ${mark}/>`;
    case 'antidiagonal':
      return `<path d="M-1 5 L1 7 M0 0 L6 6 M5 -1 L7 1" ${mark}/>`;
    case 'horizontal':
      return `<path d="M0 3 H6" ${mark}/>`;
    case 'vertical':
      return `<path d="M3 0 V6" ${mark}/>`;
    case 'crosshatch':
      return `<path d="M0 3 H6 M3 0 V6" ${mark}/>`;
    case 'grid':
      return `<path d="M0 0.5 H6 M0.5 0 V6" ${mark}/>`;
    case 'dots':
      return '<circle cx="3" cy="3" r="1.2" fill="#ffffff"/>';
    case 'wide-dots':
      return '<circle cx="1.5" cy="1.5" r="1" fill="#ffffff"/><circle cx="4.5" cy="4.5" r="1" fill="#ffffff"/>';
    case 'rings':
      return '<circle cx="3" cy="3" r="1.6" fill="none" stroke="#ffffff" stroke-width="0.9"/>';
    case 'checks':
      return '<rect x="0" y="0" width="3" height="3" fill="#ffffff" fill-opacity="0.55"/><rect x="3" y="3" width="3" height="3" fill="#ffffff" fill-opacity="0.55"/>';
    case 'wide-diagonal':
      return `<path d="M0 6 L6 0" stroke="#ffffff" stroke-width="2.2"/>`;
  }
}

/** An SVG `<pattern>` filling with `colour` and the pattern's white marks. */
export function patternDefinition(id: string, colour: string, kind: PatternKind): string {
  return `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="${colour}"/>${patternMarks(kind)}</pattern>`;
}

/** The withheld pattern: grey with dark diagonal hatching. */
export function withheldPatternDefinition(id: string): string {
  return `<pattern id="${id}" patternUnits="userSpaceOnUse" width="6" height="6"><rect width="6" height="6" fill="#ffffff"/><path d="M-1 1 L1 -1 M0 6 L6 0 M5 7 L7 5" stroke="${WITHHELD_COLOUR}" stroke-width="1.6"/></pattern>`;
}
