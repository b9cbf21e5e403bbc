/**
 * Disclosure control of the village partitions at every level at once. Per partition, the city's table is
 * localities × categories (row totals the localities' totals, column totals the city's categories), and each
 * locality's table is its wards × categories: its column totals are that locality's row of the city table and
 * its grand total the locality's total. The tables of one level that publish the same totals (the same people
 * split by sex, by age band…) are suppressed together (suppressTablesSharingTotals). A cell hidden in one table
 * is the same number as a total or an inner cell of the other level, so it is forced hidden there and both are
 * suppressed again, until every shared number is hidden in both or in neither (hiding only grows, so this
 * ends). No hidden count of a ward then follows from its locality's figures or the city's, nor the other way.
 *
 * Each table alone keeps its hidden cells a protection interval (suppressTable), but an attacker holds them all:
 * the partitions of one area share its population, and the levels share their cells. With whole, non-negative
 * counts those together can narrow a hidden cell to one value or inside 1 to threshold − 1. So once the levels
 * agree, every figure of every level goes into one system (feasibleIntervals); while a hidden cell is exposed,
 * the cheapest positive published cell beside it in its own table (its row or its column) is forced hidden
 * and the levels are suppressed again. Hiding only grows, so this ends too.
 */
import { type CountTable, feasibleIntervals, type LinearConstraint, type PublishedCell, type SuppressedTable, suppressTablesSharingTotals } from '../privacy';
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

  // Cells the joint check forced hidden in each locality's ward tables, kept across rounds.
  const wardExtra = new Map(localities.map((locality) => [locality.code, Array.from({ length: partitionCount }, (_, index) => emptyGrid((wardsOf.get(locality.code) ?? []).length, categoryCount(index)))]));
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
        const forced = (wardExtra.get(locality.code)?.[index] ?? emptyGrid(wards.length, categoryCount(index))).map((flags) => [...flags]);
        const totalsRow = forced[wards.length] as boolean[];
        (city.cells[row] ?? []).forEach((cell, column) => {
          totalsRow[column] ||= isHidden(cell);
        });
        totalsRow[categoryCount(index)] ||= isHidden(city.rowTotals?.[row]);
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
    if (grew) continue;
    if (!widenExposed(raw, rule, cityResults, wardResults, cityForced, wardExtra)) break;
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

/** A table of the joint system: its grid of counts (with totals), what is hidden, and where its forced cells go. */
interface AuditedTable {
  readonly counts: readonly (readonly number[])[];
  readonly hidden: readonly (readonly boolean[])[];
  readonly forced: boolean[][];
  /** The key of each cell of the extended grid, shared with every other table that publishes the same number. */
  readonly keys: readonly (readonly string[])[];
}

function extendedCounts(areas: readonly RawArea[], partitionIndex: number): number[][] {
  const rows = areas.map((area) => {
    const counts = (area.partitions[partitionIndex]?.categories ?? []).map((category) => category.count);
    return [...counts, counts.reduce((sum, count) => sum + count, 0)];
  });
  const width = (rows[0] ?? []).length;
  return [...rows, Array.from({ length: width }, (_, column) => rows.reduce((sum, row) => sum + (row[column] as number), 0))];
}

function extendedHidden(table: SuppressedTable): boolean[][] {
  const rows = table.cells.map((row, index) => [...row.map(isHidden), isHidden(table.rowTotals?.[index])]);
  return [...rows, [...(table.columnTotals ?? []).map(isHidden), isHidden(table.grandTotal)]];
}

/**
 * Puts every partition figure of every level into one system and forces one more cell hidden beside the
 * first hidden cell an attacker can narrow to one value or to a small count; false when none is exposed (or
 * nothing beside it can be hidden).
 */
function widenExposed(
  raw: RawFigures,
  rule: DisclosureRule,
  cityResults: readonly SuppressedTable[],
  wardResults: ReadonlyMap<string, readonly SuppressedTable[]>,
  cityForced: boolean[][][],
  wardExtra: ReadonlyMap<string, boolean[][][]>,
): boolean {
  const localities = raw.localities;
  // A partition's total is the area's population when it splits everyone: the same number in every partition.
  const totalKey = (area: RawArea, partitionIndex: number): string => {
    const sum = (area.partitions[partitionIndex]?.categories ?? []).reduce((total, category) => total + category.count, 0);
    return sum === area.population ? `${area.code}|population` : `${area.code}|${partitionIndex}|total`;
  };
  const keysOf = (areas: readonly RawArea[], total: RawArea, partitionIndex: number): string[][] => {
    const labels = (total.partitions[partitionIndex]?.categories ?? []).map((category) => category.label);
    const row = (area: RawArea): string[] => [...labels.map((label) => `${area.code}|${partitionIndex}|${label}`), totalKey(area, partitionIndex)];
    return [...areas.map(row), row(total)];
  };
  const tables: AuditedTable[] = [];
  cityResults.forEach((result, index) => {
    tables.push({ counts: extendedCounts(localities, index), hidden: extendedHidden(result), forced: cityForced[index] as boolean[][], keys: keysOf(localities, raw.city, index) });
  });
  for (const locality of localities) {
    const wards = raw.wards.filter((ward) => ward.parent === locality.code);
    (wardResults.get(locality.code) ?? []).forEach((result, index) => {
      if (wards.length === 0) return;
      tables.push({ counts: extendedCounts(wards, index), hidden: extendedHidden(result), forced: wardExtra.get(locality.code)?.[index] as boolean[][], keys: keysOf(wards, locality, index) });
    });
  }

  const known = new Map<string, number>();
  const unknownIndex = new Map<string, number>();
  for (const table of tables) {
    table.keys.forEach((row, r) => row.forEach((key, c) => {
      if ((table.hidden[r] as boolean[])[c]) {
        if (!unknownIndex.has(key)) unknownIndex.set(key, unknownIndex.size);
      } else known.set(key, (table.counts[r] as number[])[c] as number);
    }));
  }
  if (unknownIndex.size === 0) return false;
  const constraints: LinearConstraint[] = [];
  const addLine = (keys: readonly string[]): void => {
    const terms = new Map<number, number>();
    let constant = 0;
    keys.forEach((key, position) => {
      const sign = position === keys.length - 1 ? -1 : 1;
      const value = known.get(key);
      const index = unknownIndex.get(key);
      if (index === undefined) constant -= sign * (value ?? 0);
      else terms.set(index, (terms.get(index) ?? 0) + sign);
    });
    if (terms.size > 0) constraints.push({ terms, relation: '=', constant });
  };
  for (const table of tables) {
    const width = (table.keys[0] ?? []).length;
    for (const row of table.keys) addLine(row);
    for (let column = 0; column < width; column += 1) addLine(table.keys.map((row) => row[column] as string));
  }
  const intervals = feasibleIntervals(unknownIndex.size, constraints);
  const exposedKeys = new Set([...unknownIndex].filter(([, index]) => {
    const { low, high } = intervals[index] as { low: number; high: number };
    return (low === high && low !== 0) || (low >= 1 && high <= rule.threshold - 1);
  }).map(([key]) => key));
  if (exposedKeys.size === 0) return false;

  // Beside an exposed cell, in a table that holds it: the cheapest positive cell not yet hidden, inner cells first.
  for (const table of tables) {
    const rowCount = table.keys.length;
    const width = (table.keys[0] ?? []).length;
    for (let r = 0; r < rowCount; r += 1) {
      for (let c = 0; c < width; c += 1) {
        if (!exposedKeys.has((table.keys[r] as string[])[c] as string)) continue;
        const candidates: [number, number][] = [
          ...Array.from({ length: width }, (_, other): [number, number] => [r, other]),
          ...Array.from({ length: rowCount }, (_, other): [number, number] => [other, c]),
        ];
        const costOf = ([row, column]: [number, number]): number => {
          const count = (table.counts[row] as number[])[column] as number;
          if ((table.hidden[row] as boolean[])[column] || (table.forced[row] as boolean[])[column] || count === 0) return Infinity;
          return count * (row === rowCount - 1 || column === width - 1 ? 2 : 1);
        };
        const best = candidates.reduce<[number, number] | null>((chosen, candidate) => (costOf(candidate) < (chosen === null ? Infinity : costOf(chosen)) ? candidate : chosen), null);
        if (best === null) continue;
        (table.forced[best[0]] as boolean[])[best[1]] = true;
        return true;
      }
    }
  }
  return false;
}
