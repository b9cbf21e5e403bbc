import { useId, useState } from 'react';
import type { ColumnInfo } from '../../../shared/api';
import { MAX_GROUP_COLUMNS } from '../../../shared/grid';
import { suggestedGroupColumn } from './group-suggestion';

interface GroupByControlProps {
  readonly columns: readonly ColumnInfo[];
  readonly groupBy: readonly string[];
  readonly onChange: (groupBy: string[]) => void;
}

/**
 * Chooses the columns the view is grouped by, one at a time, with native controls so it works from the
 * keyboard and with screen readers: a list of columns, Add, a Remove per chosen column, and Show rows.
 */
export function GroupByControl({ columns, groupBy, onChange }: GroupByControlProps) {
  const id = useId();
  const available = columns.filter((column) => !groupBy.includes(column.name));
  const [choice, setChoice] = useState('');
  const chosen = available.some((column) => column.name === choice) ? choice : (suggestedGroupColumn(available) ?? '');
  const full = groupBy.length >= MAX_GROUP_COLUMNS;

  function add() {
    if (chosen !== '' && !full) onChange([...groupBy, chosen]);
  }

  return (
    <div className="group-by" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="group-by__label">
        Group by
      </span>
      {groupBy.length > 0 && (
        <ul className="group-by__chosen" aria-label="Grouped by">
          {groupBy.map((column) => (
            <li key={column} className="group-by__chip">
              {column}
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={`Remove ${column} from the grouping`}
                onClick={() => onChange(groupBy.filter((name) => name !== column))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={`${id}-column`} className="visually-hidden">
        Column to group by
      </label>
      <select id={`${id}-column`} className="select" value={chosen} onChange={(event) => setChoice(event.target.value)} disabled={available.length === 0 || full}>
        {available.map((column) => (
          <option key={column.name} value={column.name}>
            {column.name}
          </option>
        ))}
      </select>
      <button type="button" className="button button--secondary button--small" onClick={add} disabled={chosen === '' || full}>
        {groupBy.length === 0 ? 'Group' : 'Add to grouping'}
      </button>
      {groupBy.length > 0 && (
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([])}>
          Show rows
        </button>
      )}
    </div>
  );
}
