import type { ColumnInfo } from '../../../shared/api';
import { isNumericType, looksPersonLevel } from '../../../shared/grid';
import { SOURCE_ROW_COLUMN } from './finding-focus';

/** Names of columns that describe many people at once: areas, categories, bands, statuses. */
const GROUPING_NAME = /(locality|ward|area|district|constituency|lsoa|sex|gender|ethnic|category|type|status|band|reason|provision|school|year_group|outcome|need)/i;

/**
 * The column Group by offers first: one that sorts people into groups (an area, a category), never the sheet's
 * row number or a person-level column, which give a group per row.
 */
export function suggestedGroupColumn(columns: readonly ColumnInfo[]): string | null {
  const candidates = columns.filter((column) => column.name !== SOURCE_ROW_COLUMN && !looksPersonLevel(column.name));
  const named = candidates.find((column) => GROUPING_NAME.test(column.name) && !isNumericType(column.type));
  const text = candidates.find((column) => !isNumericType(column.type) && !/date|time/i.test(column.type));
  return (named ?? text ?? candidates[0] ?? columns[0])?.name ?? null;
}
