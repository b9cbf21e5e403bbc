import { useEffect, useRef, useState } from 'react';
import type { AddSourceToRecipeRequest, ImportResult } from '../../../shared/api';
import { describeDateOrder, describeScreenedColumn } from '../../../shared/personal-data-screening';
import { formatBytes, formatCount, formatTimestamp } from '../explore/format';
import { AddToRecipe } from './AddToRecipe';

interface ImportSummaryProps {
  readonly result: ImportResult;
  /** The recipe source for this import, or null when it had no specification (recipes need one). */
  readonly recipeSource: string | null;
  /** This import as the engine needs it to add it to a recipe; null when it had no specification. */
  readonly importDescription: AddSourceToRecipeRequest['import'] | null;
  readonly onOpenValidation: () => void;
  readonly onOpenExplore: () => void;
  readonly onImportAnother: () => void;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function ImportSummary({ result, recipeSource, importDescription, onOpenValidation, onOpenExplore, onImportAnother }: ImportSummaryProps) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const { provenance, validation, personalData } = result;
  const dates = describeDateOrder(result.dateOrder);

  // The import is done: focus moves to what it made, with the heading in full view, so a screen reader
  // announces it and the keyboard carries on from there rather than from the top of the page.
  useEffect(() => {
    headingRef.current?.scrollIntoView({ block: 'start' });
    headingRef.current?.focus({ preventScroll: true });
  }, []);

  async function copyRecipe() {
    if (recipeSource === null) return;
    try {
      await navigator.clipboard.writeText(recipeSource);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <section className="panel import-summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading" className="panel__title" tabIndex={-1} ref={headingRef}>
        Imported into {result.table}
      </h2>
      {validation && (
        <p className={validation.valid ? 'verdict verdict--valid' : 'verdict verdict--invalid'}>
          {validation.valid ? 'Valid against the specification' : 'Not valid against the specification'}: {formatCount(validation.errors)}{' '}
          {validation.errors === 1 ? 'error' : 'errors'}, {formatCount(validation.warnings)} {validation.warnings === 1 ? 'warning' : 'warnings'}.
        </p>
      )}
      {personalData !== undefined && personalData.length > 0 && (
        <div className="import-summary__screening">
          <h3 className="import-summary__subtitle">Personal data found and protected</h3>
          <p className="panel__hint">With no specification every column was screened by its label and its values; identifiers are keyed with this workspace’s key, and the table’s rows cannot be exported.</p>
          <ul>
            {personalData.map((column) => (
              <li key={column.column}>{describeScreenedColumn(column)}</li>
            ))}
          </ul>
        </div>
      )}
      {dates !== null && <p className="panel__hint">{dates}</p>}
      <dl className="facts">
        <dt>File</dt>
        <dd>{provenance.fileName}</dd>
        {provenance.sheet !== null && (
          <>
            <dt>Sheet</dt>
            <dd>{provenance.sheet}</dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{formatBytes(provenance.sizeBytes)}</dd>
        <dt>SHA-256</dt>
        <dd className="facts__hash">{provenance.sha256}</dd>
        <dt>Imported</dt>
        <dd>{formatTimestamp(provenance.importedAt)}</dd>
        <dt>Rows read</dt>
        <dd>{formatCount(provenance.rowsRead)}</dd>
        <dt>Rows imported</dt>
        <dd>{formatCount(provenance.rowsImported)}</dd>
        <dt>Rows left out</dt>
        <dd>{formatCount(provenance.rowsRejected)} (blank rows and totals below the data)</dd>
      </dl>
      <div className="button-row">
        {validation && (
          <button type="button" className="button" onClick={onOpenValidation}>
            Open the validation report
          </button>
        )}
        <button type="button" className={validation ? 'button button--secondary' : 'button'} onClick={onOpenExplore}>
          Explore {result.table}
        </button>
        <button type="button" className="button button--secondary" onClick={onImportAnother}>
          Import another file
        </button>
      </div>
      {importDescription !== null && <AddToRecipe importDescription={importDescription} />}
      {recipeSource === null ? (
        <p className="panel__hint">This import had no specification, so it cannot be saved as a recipe source.</p>
      ) : (
        <details className="recipe-source">
          <summary className="recipe-source__title">Recipe source as text, to paste by hand</summary>
          <p className="panel__hint">
            Or paste this into the <code>sources</code> list of your recipe yourself; its <code>file</code> is the bare file name, for a recipe kept beside the extract. Add the{' '}
            <code>attributes</code> the village needs yourself.
          </p>
          <label className="visually-hidden" htmlFor="recipe-source-text">
            Recipe source for this import
          </label>
          <textarea id="recipe-source-text" className="code-box" readOnly rows={8} value={recipeSource} />
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => void copyRecipe()}>
              Copy as recipe source
            </button>
            <p className="button-row__status" role="status" aria-live="polite">
              {copy === 'copied' && 'Copied. Paste it into your recipe file.'}
              {copy === 'failed' && 'The clipboard is not available here. Select the text above and press Ctrl+C.'}
            </p>
          </div>
        </details>
      )}
    </section>
  );
}
