/**
 * Opens a file as an OOXML workbook: recognises what it really is from its first bytes, then reads the
 * package's workbook part and relationships to learn the sheets, where their XML lives, and the date system.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { UnusableFileError } from '../tabular';
import type { XlsxLimits } from './limits';
import { assertNoDtd, findStartTags, xmlPartText } from './xml-text';
import { ZipArchive, type ReadEntryOptions, type ZipEntry } from './zip';

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTION_INFO_MARKER = Buffer.from('EncryptionInfo', 'utf16le');
const MARKER_SCAN_CHUNK_BYTES = 4 * 1024 * 1024;

export interface WorkbookSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** Zip entry name of the sheet's XML, or undefined when the relationship is missing. */
  readonly partName: string | undefined;
}

export interface WorkbookPackage {
  readonly archive: ZipArchive;
  readonly sheets: readonly WorkbookSheet[];
  /** Dates count days from 1904-01-01 (old Mac Excel) rather than from 1900. */
  readonly date1904: boolean;
  readonly stylesPart: ZipEntry | undefined;
  readonly sharedStringsPart: ZipEntry | undefined;
}

/** Whether `marker` occurs anywhere in the file, scanned in bounded chunks so big files cost no memory. */
async function fileContains(filePath: string, marker: Buffer): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(MARKER_SCAN_CHUNK_BYTES + marker.length);
    let carried = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, MARKER_SCAN_CHUNK_BYTES, position);
      if (bytesRead === 0) return false;
      const filled = carried + bytesRead;
      if (buffer.subarray(0, filled).includes(marker)) return true;
      carried = Math.min(marker.length - 1, filled);
      buffer.copy(buffer, 0, filled - carried, filled);
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Throws the right `UnusableFileError` unless the file looks like a ZIP package. */
async function assertZipPackage(filePath: string): Promise<void> {
  const fileName = path.basename(filePath);
  const handle = await open(filePath, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw new UnusableFileError(`"${fileName}" is empty.`, 'empty-file');
  if (head.length === 8 && head.equals(CFB_SIGNATURE)) {
    // Excel saves a password-protected xlsx as an OLE compound file holding EncryptionInfo + EncryptedPackage.
    if (await fileContains(filePath, ENCRYPTION_INFO_MARKER)) {
      throw new UnusableFileError(`"${fileName}" is password-protected; remove the password in Excel and try again.`, 'encrypted');
    }
    throw new UnusableFileError(
      `"${fileName}" is a legacy Excel 97–2003 (.xls) file, which the streaming reader does not handle; read it with the SheetJS reader.`,
      'unsupported-format',
    );
  }
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) {
    throw new UnusableFileError(`"${fileName}" is not an Excel workbook (.xlsx).`, 'not-a-workbook');
  }
}

function resolvePartName(baseDirectory: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return path.posix.normalize(path.posix.join(baseDirectory, target)).replace(/^(\.\.\/)+/, '');
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

async function readRelationships(archive: ZipArchive, partName: string, limits: XlsxLimits): Promise<Map<string, Relationship>> {
  const relsName = path.posix.join(path.posix.dirname(partName), '_rels', `${path.posix.basename(partName)}.rels`);
  const entry = archive.entry(relsName);
  const relationships = new Map<string, Relationship>();
  if (!entry) return relationships;
  const xml = await readXmlPart(archive, entry, limits);
  const baseDirectory = path.posix.dirname(partName);
  for (const attributes of findStartTags(xml, 'Relationship')) {
    const id = attributes.get('Id');
    const target = attributes.get('Target');
    if (!id || !target || attributes.get('TargetMode') === 'External') continue;
    relationships.set(id, { type: attributes.get('Type') ?? '', target: resolvePartName(baseDirectory, target) });
  }
  return relationships;
}

export async function readXmlPart(archive: ZipArchive, entry: ZipEntry, limits: XlsxLimits, options?: ReadEntryOptions): Promise<string> {
  const xml = xmlPartText(await archive.readEntryBytes(entry, limits.maxXmlPartBytes, options));
  assertNoDtd(xml, `"${archive.fileName}": ${entry.name}`);
  return xml;
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

async function findWorkbookPart(archive: ZipArchive, limits: XlsxLimits): Promise<string> {
  const packageRelationships = await readRelationships(archive, '', limits);
  for (const relationship of packageRelationships.values()) {
    if (relationship.type.endsWith('/officeDocument')) return relationship.target;
  }
  return 'xl/workbook.xml';
}

/** Opens the package and reads its workbook part; the caller must `archive.close()`. */
export async function openWorkbookPackage(filePath: string, limits: XlsxLimits): Promise<WorkbookPackage> {
  await assertZipPackage(filePath);
  const archive = await ZipArchive.open(filePath, limits);
  try {
    const workbookPartName = await findWorkbookPart(archive, limits);
    const workbookEntry = archive.entry(workbookPartName);
    if (!workbookEntry || !workbookPartName.toLowerCase().endsWith('.xml')) {
      const isBinary = workbookPartName.toLowerCase().endsWith('.bin') || archive.entry('xl/workbook.bin') !== undefined;
      throw new UnusableFileError(
        isBinary
          ? `"${archive.fileName}" is a binary workbook (.xlsb), which the streaming reader does not handle; read it with the SheetJS reader.`
          : `"${archive.fileName}" is a zip file but not an Excel workbook (it has no xl/workbook.xml).`,
        isBinary ? 'unsupported-format' : 'not-a-workbook',
      );
    }
    const workbookXml = await readXmlPart(archive, workbookEntry, limits);
    const relationships = await readRelationships(archive, workbookEntry.name, limits);

    const sheets = findStartTags(workbookXml, 'sheet').map((attributes): WorkbookSheet => {
      const state = attributes.get('state');
      const relationshipId = attributes.get('id');
      const relationship = relationshipId === undefined ? undefined : relationships.get(relationshipId);
      return {
        name: attributes.get('name') ?? '',
        hidden: state === 'hidden' || state === 'veryHidden',
        partName: relationship?.target,
      };
    });
    const properties = findStartTags(workbookXml, 'workbookPr')[0];
    const partOfType = (suffix: string): ZipEntry | undefined => {
      for (const relationship of relationships.values()) {
        if (relationship.type.endsWith(suffix)) return archive.entry(relationship.target);
      }
      return undefined;
    };
    return {
      archive,
      sheets,
      date1904: isTrue(properties?.get('date1904')),
      stylesPart: partOfType('/styles'),
      sharedStringsPart: partOfType('/sharedStrings'),
    };
  } catch (error) {
    await archive.close();
    throw error;
  }
}
