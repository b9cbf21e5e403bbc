import type { FilePreview } from '../../../shared/api';
import { columnLetter } from '../../../shared/findings';
import type { ColumnMapping, Specification } from '../../../shared/spec';
import { formatPercent } from '../explore/format';
import { REASON_TEXT } from './mapping-edits';

interface MappingTableProps {
  readonly spec: Specification;
  readonly suggestion: NonNullable<FilePreview['mapping']>;
  readonly mapping: ColumnMapping;
  /** The first data row, to show an example of each column beside its label. */
  readonly example: readonly string[];
  readonly onChange: (sourceLabel: string, field: string | null) => void;
}

const LEAVE_OUT = '';

/** One row per detected column: what the engine suggests, how sure it is and why, and a select to change it. */
export function MappingTable({ spec, suggestion, mapping, example, onChange }: MappingTableProps) {
  return (
    <div className="table-scroll" role="region" aria-label="Column mapping" tabIndex={0}>
      <table className="data-table mapping-table">
        <caption className="visually-hidden">Columns in the file and the specification fields they feed</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Label in the file</th>
            <th scope="col">Example</th>
            <th scope="col">Specification field</th>
            <th scope="col">Suggestion</th>
          </tr>
        </thead>
        <tbody>
          {suggestion.columns.map((column, index) => {
            const current = mapping.columns[index]?.field ?? null;
            const selectId = `mapping-${index}`;
            const suggested = column.field === null ? null : spec.fields.find((field) => field.name === column.field);
            return (
              <tr key={`${index}-${column.sourceLabel}`}>
                <td>{columnLetter(index + 1)}</td>
                <th scope="row">{column.sourceLabel || <span className="muted">(no label)</span>}</th>
                <td className="mapping-table__example">{example[index] ?? ''}</td>
                <td>
                  <label className="visually-hidden" htmlFor={selectId}>
                    Specification field for column {columnLetter(index + 1)}, {column.sourceLabel || 'no label'}
                  </label>
                  <select id={selectId} className="select" value={current ?? LEAVE_OUT} onChange={(event) => onChange(column.sourceLabel, event.target.value === LEAVE_OUT ? null : event.target.value)}>
                    <option value={LEAVE_OUT}>Leave this column out</option>
                    {spec.fields.map((field) => (
                      <option key={field.name} value={field.name}>
                        {field.title}
                        {field.required ? ' (required)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="mapping-table__reason">
                  {suggested ? (
                    <>
                      {suggested.title} · {formatPercent(column.confidence)} · {REASON_TEXT[column.reason]}
                    </>
                  ) : (
                    REASON_TEXT[column.reason]
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
