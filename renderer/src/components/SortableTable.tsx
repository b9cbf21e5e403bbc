import { useState, type ReactNode } from 'react';
import { nextSort, sortRows, type SortDirection, type SortState, type SortValue } from './sort-rows';

export interface SortableColumn<Row> {
  readonly id: string;
  readonly header: string;
  readonly value: (row: Row) => SortValue;
  /** How the cell is shown; the sort value as text when left out. */
  readonly render?: (row: Row) => ReactNode;
  readonly numeric?: boolean;
  /** The first cell of a row names it for screen readers. */
  readonly rowHeader?: boolean;
}

interface SortableTableProps<Row> {
  readonly caption: string;
  readonly columns: readonly SortableColumn<Row>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly initialSort?: SortState;
}

/**
 * A small table of figures the engine computed, sortable by any column: each heading is a button, and
 * `aria-sort` tells screen readers which column orders the rows.
 */
export function SortableTable<Row>({ caption, columns, rows, rowKey, initialSort }: SortableTableProps<Row>) {
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null);
  const sortColumn = columns.find((column) => column.id === sort?.column);
  const ordered = sort !== null && sortColumn !== undefined ? sortRows(rows, sortColumn.value, sort.direction) : rows;

  function firstDirection(column: SortableColumn<Row>): SortDirection {
    return column.numeric ? 'descending' : 'ascending';
  }

  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" aria-sort={sort?.column === column.id ? sort.direction : undefined} className={column.numeric ? 'numeric' : undefined}>
                <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, column.id, firstDirection(column)))}>
                  {column.header}
                  <span className="sort-button__arrow" aria-hidden="true">
                    {sort?.column === column.id ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ordered.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => {
                const content = column.render ? column.render(row) : (column.value(row) ?? '');
                const className = column.numeric ? 'numeric' : undefined;
                return column.rowHeader ? (
                  <th key={column.id} scope="row" className={className}>
                    {content}
                  </th>
                ) : (
                  <td key={column.id} className={className}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
