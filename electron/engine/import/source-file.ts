import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UnusableFileError } from '../tabular/raw';

export type SourceFormat = 'xlsx' | 'ole' | 'text';

export interface SourceFileFacts {
  readonly path: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly format: SourceFormat;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Looks at a file's first bytes, not its name: partners send workbooks named .csv and worse. */
export function inspectSourceFile(filePath: string): SourceFileFacts {
  const fileName = path.basename(filePath);
  let stats: fs.Stats;
  try {
    stats = fs.statSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String(code ?? error);
    throw new UnusableFileError(`${fileName} cannot be read: ${reason} (${filePath})`, 'not-a-workbook');
  }
  if (!stats.isFile()) throw new UnusableFileError(`${fileName} is not a file`, 'not-a-workbook');
  if (stats.size === 0) throw new UnusableFileError(`${fileName} is empty (0 bytes)`, 'empty-file');
  const head = Buffer.alloc(8);
  const handle = fs.openSync(filePath, 'r');
  try {
    fs.readSync(handle, head, 0, 8, 0);
  } finally {
    fs.closeSync(handle);
  }
  const format: SourceFormat = head.subarray(0, 4).equals(ZIP_SIGNATURE) ? 'xlsx' : head.equals(OLE_SIGNATURE) ? 'ole' : 'text';
  return { path: filePath, fileName, sizeBytes: stats.size, format };
}

/** SHA-256 of the file as received, for provenance: the audit trail names files by hash, not by content. */
export async function sha256OfFile(filePath: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
