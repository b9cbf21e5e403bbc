import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UnusableFileError } from '../tabular/raw';

export type TextEncodingName = 'utf-8' | 'windows-1252';

/**
 * Puts a file that is already clean UTF-8 into the staging folder without rewriting it: a hard link where
 * the workspace is on the same file system, else a copy. Either way it is removed after the import.
 */
export function stageCleanText(sourcePath: string, stagedPath: string): void {
  try {
    fs.linkSync(sourcePath, stagedPath);
  } catch {
    // Another file system (EXDEV), or one without hard links: copy instead.
    fs.copyFileSync(sourcePath, stagedPath);
    fs.chmodSync(stagedPath, 0o600);
  }
}

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

/** A pipeline, so a failed write (a full disk) rejects instead of leaving the copy waiting forever. */
async function transcode(
  sourcePath: string,
  stagedPath: string,
  encoding: TextEncodingName,
  options: { fileName: string; signal?: AbortSignal; onBytes?: (bytesRead: number) => void },
): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
  let bytesRead = 0;
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.includes(0)) {
        done(new UnusableFileError(`${options.fileName} looks like binary data, not text: it contains NUL bytes`, 'not-a-workbook'));
        return;
      }
      bytesRead += chunk.length;
      options.onBytes?.(bytesRead);
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch (error) {
        done(error as Error);
      }
    },
  });
  await pipeline(
    fs.createReadStream(sourcePath, { highWaterMark: 1 << 20 }),
    decode,
    fs.createWriteStream(stagedPath, { flags: 'w', mode: 0o600 }),
    ...(options.signal === undefined ? [] : [{ signal: options.signal }]),
  );
}
