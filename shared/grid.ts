import { z } from 'zod';

/**
 * The grid's sort and filter state as the engine accepts it. It mirrors the parts of AG Grid's models the
 * Explore screen uses, but is our own shape: the engine turns it into bound SQL parameters, so anything
 * it cannot express safely is rejected here rather than passed on.
 */

export const sortSpecSchema = z.object({
  column: z.string().min(1).max(256),
  direction: z.enum(['asc', 'desc']),
});
export type SortSpec = z.infer<typeof sortSpecSchema>;

const textFilterSchema = z.object({
  kind: z.literal('text'),
  operator: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
  value: z.string().max(10_000).optional(),
});

const numberFilterSchema = z.object({
  kind: z.literal('number'),
  operator: z.enum(['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank']),
  value: z.number().finite().optional(),
  valueTo: z.number().finite().optional(),
});

const dateFilterSchema = z.object({
  kind: z.literal('date'),
  operator: z.enum(['equals', 'notEqual', 'lessThan', 'greaterThan', 'inRange', 'blank', 'notBlank']),
  /** ISO yyyy-mm-dd. */
  value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  valueTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

export const columnFilterSchema = z.discriminatedUnion('kind', [textFilterSchema, numberFilterSchema, dateFilterSchema]);
export type ColumnFilter = z.infer<typeof columnFilterSchema>;

export const filterModelSchema = z.record(z.string().min(1).max(256), columnFilterSchema);
export type FilterModel = z.infer<typeof filterModelSchema>;
