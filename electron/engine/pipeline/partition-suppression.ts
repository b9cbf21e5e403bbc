/**
 * Disclosure control of the village partitions at every level at once. Per partition, the city's table is
 * localities × categories (row totals the localities' totals, column totals the city's categories), and each
 * locality's table is its wards × categories: its column totals are that locality's row of the city table and
 * its grand total the locality's total. The tables of one level that publish the same totals (the same people
 * split by sex, by age band…) are suppressed together (suppressTablesSharingTotals). A cell hidden in one table
 * is the same number as a total or an inner cell of the other level, so it is forced hidden there and both are
 * suppressed again, until every shared number is hidden in both or in neither (hiding only grows, so this
 * ends). No hidden count of a ward then follows from its locality's figures or the city's, nor the other way.
 */
import { type CountTable, type PublishedCell, type SuppressedTable, suppressTablesSharingTotals } from '../privacy';
import type { RawArea, RawFigures } from './figures';
import type { DisclosureRule } from './publish';

/** One area's partition as published: a cell per category and the total. */
export interface SuppressedPartition {
  readonly cells: readonly PublishedCell[];
  readonly total: PublishedCell;
}

const isHidden = (cell: PublishedCell | null | undefined): boolean => cell?.value === null;

/** A grid of the table's extended shape (rows then the totals row; columns then the totals column), all false. */
const emptyGrid = (rows: number, columns: number): boolean[][] => Array.from({ length: rows + 1 }, () => new Array<boolean>(columns + 1).fill(false));

function tableOf(areas: readonly RawArea[], partitionIndex: number, hiddenCells: boolean[][]): CountTable {
  const categories = areas[0]?.partitions[partitionIndex]?.categories ?? [];
  return {
    rows: areas.map((area) => area.code),
    columns: categories.map((category) => category.label),
    counts: areas.map((area) => (area.partitions[partitionIndex]?.categories ?? []).map((category) => category.count)),
    includeTotals: true,
    hiddenCells,
  };
}

/**
 * Each area's partitions (in the recipe's order) after joint suppression: the city, every locality and, when
 * the figures have wards, every ward. A locality with no wards is suppressed at city level only.
 */
export function suppressPartitions(raw: RawFigures, rule: DisclosureRule): Map<string, SuppressedPartition[]> {
  const localities = raw.localities;
  const partitionCount = raw.city.partitions.length;
  const categoryCount = (partitionIndex: number): number => raw.city.partitions[partitionIndex]?.categories.length ?? 0;
  const wardsOf = new Map(localities.map((locality) => [locality.code, raw.wards.filter((ward) => ward.parent === locality.code)]));
  const cityForced = Array.from({ length: partitionCount }, (_, index) => emptyGrid(localities.length, categoryCount(index)));

  let cityResults: SuppressedTable[] = [];
  const wardResults = new Map<string, SuppressedTable[]>();
  for (;;) {
    cityResults = suppressTablesSharingTotals(
      cityForced.map((forced, index) => tableOf(localities, index, forced)),
      rule,
    );
    let grew = false;
    localities.forEach((locality, row) => {
      const wards = wardsOf.get(locality.code) ?? [];
      if (wards.length === 0) return;
      // The locality's row of the city table is the ward table's totals row: hidden there, hidden here.
      const wardTables = cityResults.map((city, index) => {
        const forced = emptyGrid(wards.length, categoryCount(index));
        const totalsRow = forced[wards.length] as boolean[];
        (city.cells[row] ?? []).forEach((cell, column) => {
          totalsRow[column] = isHidden(cell);
        });
        totalsRow[categoryCount(index)] = isHidden(city.rowTotals?.[row]);
        return tableOf(wards, index, forced);
      });
      const results = suppressTablesSharingTotals(wardTables, rule);
      wardResults.set(locality.code, results);
      // What the ward tables hid among those shared numbers is hidden in the city table on the next round.
      results.forEach((result, index) => {
        const forcedRow = (cityForced[index] as boolean[][])[row] as boolean[];
        const shared = [...(result.columnTotals ?? []), result.grandTotal];
        shared.forEach((cell, column) => {
          if (isHidden(cell) && !forcedRow[column] && !isHidden(column < categoryCount(index) ? cityResults[index]?.cells[row]?.[column] : cityResults[index]?.rowTotals?.[row])) {
            forcedRow[column] = true;
            grew = true;
          }
        });
      });
    });
    if (!grew) break;
  }

  const result = new Map<string, SuppressedPartition[]>();
  result.set(
    raw.city.code,
    cityResults.map((table) => ({ cells: table.columnTotals ?? [], total: table.grandTotal as PublishedCell })),
  );
  localities.forEach((locality, row) => {
    result.set(
      locality.code,
      cityResults.map((table) => ({ cells: table.cells[row] ?? [], total: table.rowTotals?.[row] as PublishedCell })),
    );
    const wards = wardsOf.get(locality.code) ?? [];
    const tables = wardResults.get(locality.code) ?? [];
    wards.forEach((ward, wardRow) => {
      result.set(
        ward.code,
        tables.map((table) => ({ cells: table.cells[wardRow] ?? [], total: table.rowTotals?.[wardRow] as PublishedCell })),
      );
    });
  });
  return result;
}
