import fs from 'node:fs';
import { once } from 'node:events';
import { UnusableFileError } from '../tabular/raw';

export type TextEncodingName = 'utf-8' | 'windows-1252';

/**
 * Copies a delimited text file into the workspace's staging folder as UTF-8, because DuckDB may only read
 * inside the workspace and its CSV reader has no Windows-1252 decoder. The copy lives inside the
 * workspace folder and is deleted after the import, so no plaintext extract is left elsewhere.
 */
export async function stageTextAsUtf8(
  sourcePath: string,
  stagedPath: string,
  options: { fileName: string; signal?: AbortSignal; onBytes?: (bytesRead: number) => void },
): Promise<TextEncodingName> {
  try {
    await transcode(sourcePath, stagedPath, 'utf-8', options);
    return 'utf-8';
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Not valid UTF-8: partners' Excel "CSV" exports are Windows-1252 (the £ sign is byte 0xA3).
    await transcode(sourcePath, stagedPath, 'windows-1252', options);
    return 'windows-1252';
  }
}

async function transcode(
  sourcePath: string,
  stagedPath: string,
  encoding: TextEncodingName,
  options: { fileName: string; signal?: AbortSignal; onBytes?: (bytesRead: number) => void },
): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
  const output = fs.createWriteStream(stagedPath, { flags: 'w', mode: 0o600 });
  let bytesRead = 0;
  try {
    for await (const chunk of fs.createReadStream(sourcePath, { signal: options.signal, highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      if (bytes.includes(0)) {
        throw new UnusableFileError(`${options.fileName} looks like binary data, not text: it contains NUL bytes`, 'not-a-workbook');
      }
      bytesRead += bytes.length;
      options.onBytes?.(bytesRead);
      if (!output.write(decoder.decode(bytes, { stream: true }))) await once(output, 'drain');
    }
    output.write(decoder.decode());
  } finally {
    output.end();
    await once(output, 'close');
  }
}
