/**
 * The geography a field's values must be found in (the Frictionless "foreign key" of this project), read from
 * the reference CSVs that ship with the engine.
 */
import path from 'node:path';
import { normaliseLabel } from '../../../shared/spec';
import { readCsvRows } from '../tabular';

export interface GeographyLookups {
  readonly lsoa11: ReadonlySet<string>;
  readonly lsoa21: ReadonlySet<string>;
  /** Ward codes such as E05011118. */
  readonly wardCodes: ReadonlySet<string>;
  /** Ward names passed through `normaliseWardName`. */
  readonly wardNames: ReadonlySet<string>;
}

/**
 * Ward names arrive as "Bordesley & Highgate", "Bordesley and Highgate", "BORDESLEY AND HIGHGATE" or
 * "Bordesley and Highgate." — all one ward.
 */
export function normaliseWardName(name: string): string {
  return normaliseLabel(name);
}

async function readColumn(filePath: string, column: string): Promise<string[]> {
  const values: string[] = [];
  let index = -1;
  for await (const batch of readCsvRows(filePath)) {
    for (const row of batch) {
      if (index < 0) {
        index = row.cells.indexOf(column);
        if (index < 0) throw new Error(`${path.basename(filePath)} has no ${column} column`);
        continue;
      }
      const value = row.cells[index];
      if (typeof value === 'string' && value.trim() !== '') values.push(value.trim());
    }
  }
  return values;
}

/** Reads lsoa11_ward.csv, lsoa21_ward.csv and wards.csv from the geography reference folder. */
export async function loadGeographyLookups(referenceDirectory: string): Promise<GeographyLookups> {
  const [lsoa11, lsoa21, wardCodes, wardNames] = await Promise.all([
    readColumn(path.join(referenceDirectory, 'lsoa11_ward.csv'), 'lsoa11_code'),
    readColumn(path.join(referenceDirectory, 'lsoa21_ward.csv'), 'lsoa21_code'),
    readColumn(path.join(referenceDirectory, 'wards.csv'), 'ward_code'),
    readColumn(path.join(referenceDirectory, 'wards.csv'), 'ward_name'),
  ]);
  return {
    lsoa11: new Set(lsoa11.map((code) => code.toUpperCase())),
    lsoa21: new Set(lsoa21.map((code) => code.toUpperCase())),
    wardCodes: new Set(wardCodes.map((code) => code.toUpperCase())),
    wardNames: new Set(wardNames.map(normaliseWardName)),
  };
}
