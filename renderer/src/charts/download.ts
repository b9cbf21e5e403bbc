/**
 * Saving files from the window. Everything is made in the page (Blob URLs), so nothing leaves the machine
 * and the strict Content-Security-Policy is kept: images are drawn from `blob:` URLs, which `img-src` allows.
 */

/** Saves a Blob under `fileName` through the browser's download, then lets go of the object URL. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: the download has taken its copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Bytes from the engine (an exported workbook) saved as a file. */
export function downloadBytes(bytes: Uint8Array, fileName: string, mediaType: string): void {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  downloadBlob(new Blob([copy.buffer], { type: mediaType }), fileName);
}

/** The bytes and media type of a base64 `data:` URL (what ECharts' getDataURL returns). */
export function dataUrlBytes(dataUrl: string): { readonly mediaType: string; readonly bytes: Uint8Array } {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || comma < 0) throw new Error('Not a data: URL');
  const [type, ...parameters] = dataUrl.slice('data:'.length, comma).split(';');
  const mediaType = type === undefined || type === '' ? 'application/octet-stream' : type;
  const payload = dataUrl.slice(comma + 1);
  if (!parameters.includes('base64')) return { mediaType, bytes: new TextEncoder().encode(decodeURIComponent(payload)) };
  const text = atob(payload);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index += 1) bytes[index] = text.charCodeAt(index);
  return { mediaType, bytes };
}

/** A name safe for a downloaded file: letters, digits and hyphens, lower case. */
export function fileStem(...parts: readonly string[]): string {
  return (
    parts
      .join('-')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'chart'
  );
}

/**
 * Draws a standalone SVG document onto a canvas at `scale` and returns it as a PNG, on a white background
 * so the image reads the same in any viewer.
 */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The picture could not be drawn.'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('This window cannot draw pictures.');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be saved.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function wrapToWidth(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && context.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A chart picture fit to publish: the chart's image (a data: URL from ECharts) under its title, with the
 * source and the suppression rule beneath, on white.
 */
export async function captionedPng(imageUrl: string, title: string, footer: readonly string[]): Promise<Blob> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart could not be drawn.'));
  });
  image.src = imageUrl;
  await loaded;
  const scale = 2;
  const padding = 16 * scale;
  const width = image.naturalWidth + 2 * padding;
  const measure = document.createElement('canvas').getContext('2d');
  if (measure === null) throw new Error('This window cannot draw pictures.');
  const titleFont = `700 ${18 * scale}px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif`;
  const footFont = `${11 * scale}px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif`;
  measure.font = titleFont;
  const titleLines = wrapToWidth(measure, title, width - 2 * padding);
  measure.font = footFont;
  const footLines = footer.flatMap((text) => wrapToWidth(measure, text, width - 2 * padding));
  const titleHeight = titleLines.length * 24 * scale;
  const footHeight = footLines.length * 15 * scale;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = padding + titleHeight + 8 * scale + image.naturalHeight + 8 * scale + footHeight + padding;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This window cannot draw pictures.');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#1f2933';
  context.textBaseline = 'top';
  context.font = titleFont;
  titleLines.forEach((line, index) => context.fillText(line, padding, padding + index * 24 * scale));
  const imageTop = padding + titleHeight + 8 * scale;
  context.drawImage(image, padding, imageTop);
  context.font = footFont;
  footLines.forEach((line, index) => context.fillText(line, padding, imageTop + image.naturalHeight + 8 * scale + index * 15 * scale));
  return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be saved.'))), 'image/png'));
}
