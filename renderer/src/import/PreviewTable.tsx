import type { FilePreview } from '../../../shared/api';
import { columnLetter } from '../../../shared/findings';
import { formatCount } from '../explore/format';

interface PreviewTableProps {
  readonly preview: FilePreview;
  /** The header row is the user's choice rather than the engine's detection. */
  readonly headerChosen?: boolean;
}

/** The top of the sheet as Excel shows it: row numbers, column letters, and the detected header rows marked. */
export function PreviewTable({ preview, headerChosen = false }: PreviewTableProps) {
  const width = Math.max(0, ...preview.rows.map((row) => row.cells.length));
  const letters = Array.from({ length: width }, (_, index) => columnLetter(index + 1));
  const headerRows = new Set(preview.header.headerRowNumbers);
  const headerText =
    preview.header.headerRowNumbers.length === 0 ? 'no header row' : `header ${preview.header.headerRowNumbers.length === 1 ? 'row' : 'rows'} ${preview.header.headerRowNumbers.join(' and ')}`;
  return (
    <div className="preview">
      <p className="preview__summary">
        {headerChosen ? 'Chosen' : 'Detected'} {headerText}; data starts at row {formatCount(preview.header.dataStartRowNumber)}. Showing the first {formatCount(preview.rows.length)} rows of sheet{' '}
        <strong>{preview.sheet}</strong>.
      </p>
      {/* A scrolling region must be reachable by keyboard, so it takes focus and has a name. */}
      <div className="preview__scroll" role="region" aria-label={`First rows of ${preview.sheet}`} tabIndex={0}>
        <table className="data-table data-table--compact preview__table">
          <thead>
            <tr>
              <th scope="col">Row</th>
              {letters.map((letter) => (
                <th key={letter} scope="col">
                  {letter}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => {
              const isHeader = headerRows.has(row.rowNumber);
              return (
                <tr key={row.rowNumber} className={isHeader ? 'preview__header-row' : undefined}>
                  <th scope="row">
                    {row.rowNumber}
                    {isHeader && <span className="badge">Header</span>}
                  </th>
                  {letters.map((letter, index) => (
                    <td key={letter} title={(row.cells[index] ?? '').length > 28 ? row.cells[index] : undefined}>
                      <span className="preview__cell">{row.cells[index] ?? ''}</span>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
