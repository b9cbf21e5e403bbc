import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UnusableFileError } from '../tabular';

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
export interface StageTextOptions {
  readonly fileName: string;
  readonly signal?: AbortSignal | undefined;
  readonly onBytes?: (bytesRead: number) => void;
  /** Make every line end outside quoted cells one LF: DuckDB's sniffer refuses a file that mixes CR, LF and CRLF. */
  readonly normaliseLineEnds?: boolean;
}

export async function stageTextAsUtf8(sourcePath: string, stagedPath: string, options: StageTextOptions): Promise<TextEncodingName> {
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

/**
 * Rewrites CRLF and lone CR line ends as LF, outside quoted cells only (a line break inside a quoted cell is
 * the cell's text). Quotes are counted across chunks: an escaped quote ("") toggles twice, so it changes nothing.
 */
function lineEndNormaliser(): (text: string) => string {
  let quoted = false;
  let afterCr = false;
  return (text) => {
    let output = '';
    for (const character of text) {
      if (afterCr) {
        afterCr = false;
        if (character === '\n') continue;
      }
      if (character === '"') quoted = !quoted;
      if (!quoted && character === '\r') {
        output += '\n';
        afterCr = true;
        continue;
      }
      output += character;
    }
    return output;
  };
}

/** A pipeline, so a failed write (a full disk) rejects instead of leaving the copy waiting forever. */
async function transcode(sourcePath: string, stagedPath: string, encoding: TextEncodingName, options: StageTextOptions): Promise<void> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
  const lineEnds = options.normaliseLineEnds === true ? lineEndNormaliser() : (text: string): string => text;
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
        done(null, lineEnds(decoder.decode(chunk, { stream: true })));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, lineEnds(decoder.decode()));
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
