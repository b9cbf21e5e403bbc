/**
 * Postcodes: normalisation, the district (outward code) used by the linkage keys, and the user-supplied
 * postcode→LSOA lookup. The workbench ships no postcode directory (it is large and licensed separately), so
 * the user points at an extract of the ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup.
 *
 * Expected columns (header names matched case-insensitively; extra columns are ignored):
 * - the postcode: `pcds` (ONSPD's "B12 9QT" form), `pcd` or `pcd7` (fixed-width "B12 9QT"/"B129QT"),
 *   `pcd8`, or `postcode`;
 * - at least one of: `lsoa21cd` / `lsoa21` (LSOA 2021 code) and `lsoa11cd` / `lsoa11` (LSOA 2011 code);
 * - optionally the ward: `osward` (ONSPD's current electoral ward) or `wd22cd` / `ward_code`.
 * Rows with a malformed postcode are skipped and counted.
 */
import { parseCsvRecords } from './csv';

const FULL_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
const OUTWARD_CODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** "b12  9qt", "B129QT" → "B12 9QT"; null when the text is not a well-formed full UK postcode. */
export function normalisePostcode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const match = FULL_POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : null;
}

/** "B12 9QT" → "B12"; also accepts an outward code alone ("b12"). Null when neither form is recognised. */
export function postcodeDistrict(text: string): string | null {
  const full = normalisePostcode(text);
  if (full !== null) return full.split(' ')[0] ?? null;
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return OUTWARD_CODE.test(compact) ? compact : null;
}

export interface PostcodeArea {
  readonly lsoa21?: string;
  readonly lsoa11?: string;
  readonly wardCode?: string;
}

export interface PostcodeLookup {
  /** The areas of a postcode in any spelling, or undefined when it is not in the lookup. */
  find(postcode: string): PostcodeArea | undefined;
  readonly size: number;
  /** Rows skipped because their postcode was malformed. */
  readonly skippedRows: number;
}

const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd7', 'pcd8', 'postcode'];
const LSOA21_COLUMNS = ['lsoa21cd', 'lsoa21'];
const LSOA11_COLUMNS = ['lsoa11cd', 'lsoa11'];
const WARD_COLUMNS = ['osward', 'wd22cd', 'ward_code'];

function pickColumn(headers: readonly string[], candidates: readonly string[]): string | undefined {
  const byLowerName = new Map(headers.map((header) => [header.trim().toLowerCase(), header]));
  for (const candidate of candidates) {
    const header = byLowerName.get(candidate);
    if (header !== undefined) return header;
  }
  return undefined;
}

/**
 * Builds a lookup from rows already read (for example from DuckDB's read_csv), using the column names
 * documented at the top of this module. Throws when the rows lack a postcode column or any LSOA column.
 */
export function buildPostcodeLookup(rows: readonly Readonly<Record<string, unknown>>[]): PostcodeLookup {
  const headers = rows[0] ? Object.keys(rows[0]) : [];
  const postcodeColumn = pickColumn(headers, POSTCODE_COLUMNS);
  const lsoa21Column = pickColumn(headers, LSOA21_COLUMNS);
  const lsoa11Column = pickColumn(headers, LSOA11_COLUMNS);
  const wardColumn = pickColumn(headers, WARD_COLUMNS);
  if (rows.length > 0 && postcodeColumn === undefined) {
    throw new Error(`Postcode lookup has no postcode column (expected one of ${POSTCODE_COLUMNS.join(', ')})`);
  }
  if (rows.length > 0 && lsoa21Column === undefined && lsoa11Column === undefined) {
    throw new Error(`Postcode lookup has no LSOA column (expected one of ${[...LSOA21_COLUMNS, ...LSOA11_COLUMNS].join(', ')})`);
  }

  const text = (row: Readonly<Record<string, unknown>>, column: string | undefined): string | undefined => {
    if (column === undefined) return undefined;
    const value = row[column];
    const trimmed = value === null || value === undefined ? '' : String(value).trim().toUpperCase();
    return trimmed === '' ? undefined : trimmed;
  };

  const areas = new Map<string, PostcodeArea>();
  let skippedRows = 0;
  for (const row of rows) {
    const postcode = normalisePostcode(text(row, postcodeColumn) ?? '');
    if (postcode === null) {
      skippedRows += 1;
      continue;
    }
    const lsoa21 = text(row, lsoa21Column);
    const lsoa11 = text(row, lsoa11Column);
    const wardCode = text(row, wardColumn);
    areas.set(postcode, {
      ...(lsoa21 !== undefined && { lsoa21 }),
      ...(lsoa11 !== undefined && { lsoa11 }),
      ...(wardCode !== undefined && { wardCode }),
    });
  }
  return {
    find(postcode: string): PostcodeArea | undefined {
      const normalised = normalisePostcode(postcode);
      return normalised === null ? undefined : areas.get(normalised);
    },
    size: areas.size,
    skippedRows,
  };
}

/** Builds a lookup from CSV text with a header row (see the expected columns above). */
export function parsePostcodeLookupCsv(csvText: string): PostcodeLookup {
  return buildPostcodeLookup(parseCsvRecords(csvText));
}
