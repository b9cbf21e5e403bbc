import { downloadBytes, svgToPng } from '../charts/download';
import { withPngText } from '../maps/png-text';
import type { OutcomesModel } from './outcomes-view';

/**
 * The text chunks every Outcomes picture carries, so a PNG taken out of its report still says what it shows,
 * for which period, from which sources and under which suppression rule.
 */
export function pictureText(view: OutcomesModel, title: string, description: string): [string, string][] {
  return [
    ['Title', title],
    ['Description', description],
    ['Source', view.sources.join('; ')],
    ['Disclaimer', view.suppressionRule],
  ];
}

/** Draws a standalone SVG onto a canvas and saves it as a PNG with the given text chunks. */
export async function saveSvgAsPng(svg: string, width: number, height: number, fileName: string, entries: readonly (readonly [string, string])[]): Promise<void> {
  const png = new Uint8Array(await (await svgToPng(svg, width, height)).arrayBuffer());
  downloadBytes(withPngText(png, entries), fileName, 'image/png');
}
