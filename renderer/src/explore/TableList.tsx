import type { TableSummary } from '../../../shared/api';
import { formatCount, formatRowCount, formatTimestamp } from './format';

interface TableListProps {
  readonly tables: readonly TableSummary[];
  readonly selected: string | null;
  readonly onSelect: (table: string) => void;
}

function provenanceText(table: TableSummary): string {
  if (table.provenance === null) return table.kind === 'view' ? 'Defined in the workspace' : 'No import record';
  const sheet = table.provenance.sheet === null ? '' : ` (sheet ${table.provenance.sheet})`;
  return `From ${table.provenance.fileName}${sheet}, imported ${formatTimestamp(table.provenance.importedAt)}`;
}

export function TableList({ tables, selected, onSelect }: TableListProps) {
  return (
    <ul className="table-list">
      {tables.map((table) => (
        <li key={table.name}>
          <button
            type="button"
            className="table-list__item"
            aria-current={table.name === selected ? 'true' : undefined}
            onClick={() => onSelect(table.name)}
          >
            <span className="table-list__name">
              {table.name}
              <span className="table-list__kind">{table.kind === 'view' ? 'View' : 'Table'}</span>
            </span>
            <span className="table-list__meta">
              {formatRowCount(table.rowCount)} · {formatCount(table.columns.length)} {table.columns.length === 1 ? 'column' : 'columns'}
            </span>
            <span className="table-list__meta">{provenanceText(table)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
