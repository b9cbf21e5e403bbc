import { useState } from 'react';
import type { LinkageModelView, LinkageThresholdPoint, LinkConflictRow, LinkKeyRow, LinkPairRow, LinkSourceRow, PublishedCount, PublishedShare, UnresolvedRow, VillageJson } from '../../../shared/village';
import { countText } from '../charts/figures';
import { ProblemNotice } from '../components/ProblemNotice';
import { SortableTable, type SortableColumn } from '../components/SortableTable';
import { useRecipeRuns } from '../recipes/recipe-runs';
import { RunPicker } from '../recipes/RunPicker';
import { useVillage } from '../village/use-village';
import { ReviewPanel } from './ReviewPanel';
import { conflictText, pairMatrix, rateMatrix, reasonText, resolutionText, shareText } from './linkage-text';

function countColumn<Row>(id: string, header: string, pick: (row: Row) => PublishedCount): SortableColumn<Row> {
  return { id, header, numeric: true, value: (row) => pick(row).value, render: (row) => countText(pick(row)) };
}

function shareColumn<Row>(id: string, header: string, pick: (row: Row) => PublishedShare): SortableColumn<Row> {
  return { id, header, numeric: true, value: (row) => pick(row).value, render: (row) => shareText(pick(row)) };
}

const sourceColumns: SortableColumn<LinkSourceRow>[] = [
  { id: 'source', header: 'Source', rowHeader: true, value: (row) => row.source, render: (row) => <span className="mono">{row.source}</span> },
  countColumn('records', 'Records', (row) => row.records),
  countColumn('people', 'People', (row) => row.people),
  countColumn('matched', 'Also in another source', (row) => row.peopleMatchedElsewhere),
  countColumn('unmatched', 'Only in this source', (row) => row.peopleUnmatched),
  shareColumn('matched-share', 'Link rate: share also in another source', (row) => row.matchedShare),
  shareColumn('unmatched-share', 'Share only in this source', (row) => row.unmatchedShare),
];

const keyColumns: SortableColumn<LinkKeyRow>[] = [
  { id: 'key', header: 'Key', rowHeader: true, value: (row) => row.key, render: (row) => <span className="mono">{row.key}</span> },
  { id: 'fields', header: 'Fields compared', value: (row) => row.fields },
  countColumn('merges', 'Merges', (row) => row.merges),
  countColumn('cross', 'Across sources', (row) => row.crossSourceMerges),
  countColumn('linked', 'Records linked by it', (row) => row.recordsLinkedBy),
  countColumn('apart', 'Kept apart', (row) => row.keptApart),
];

const pairColumns: SortableColumn<LinkPairRow>[] = [
  { id: 'a', header: 'Source', rowHeader: true, value: (row) => row.sourceA, render: (row) => <span className="mono">{row.sourceA}</span> },
  { id: 'b', header: 'And source', value: (row) => row.sourceB, render: (row) => <span className="mono">{row.sourceB}</span> },
  countColumn('both', 'People in both', (row) => row.peopleInBoth),
  shareColumn('share-a', 'Link rate of the first source', (row) => row.shareOfA),
  shareColumn('share-b', 'Link rate of the second source', (row) => row.shareOfB),
];

const conflictColumns: SortableColumn<LinkConflictRow>[] = [
  { id: 'key', header: 'Key', rowHeader: true, value: (row) => row.key, render: (row) => <span className="mono">{row.key}</span> },
  { id: 'kind', header: 'Conflict', value: (row) => conflictText(row.kind) },
  { id: 'resolution', header: 'Resolution', value: (row) => resolutionText(row.resolution) },
  countColumn('count', 'Count', (row) => row.count),
];

const unresolvedColumns: SortableColumn<UnresolvedRow>[] = [
  { id: 'source', header: 'Source', rowHeader: true, value: (row) => row.source, render: (row) => <span className="mono">{row.source}</span> },
  { id: 'reason', header: 'Reason', value: (row) => reasonText(row.reason) },
  countColumn('records', 'Records', (row) => row.records),
  { id: 'rows', header: 'Example rows in the file', value: (row) => row.exampleRows.join(', '), render: (row) => <span className="linkage__rows">{row.exampleRows.join(', ')}</span> },
];

interface ModelLevelRow {
  readonly comparison: string;
  readonly level: string;
  readonly m: number;
  readonly u: number;
  readonly weight: number;
}

const percent = (value: number | null): string => (value === null ? 'not known' : `${(value * 100).toFixed(2)}%`);

const modelColumns: SortableColumn<ModelLevelRow>[] = [
  { id: 'comparison', header: 'Comparison', rowHeader: true, value: (row) => row.comparison },
  { id: 'level', header: 'Level', value: (row) => row.level },
  { id: 'm', header: 'm (share among matches)', numeric: true, value: (row) => row.m, render: (row) => row.m.toPrecision(3) },
  { id: 'u', header: 'u (share among non-matches)', numeric: true, value: (row) => row.u, render: (row) => row.u.toPrecision(3) },
  { id: 'weight', header: 'Match weight, log2(m/u)', numeric: true, value: (row) => row.weight, render: (row) => (row.weight > 0 ? `+${row.weight.toFixed(2)}` : row.weight.toFixed(2)) },
];

const thresholdColumns: SortableColumn<LinkageThresholdPoint>[] = [
  { id: 'threshold', header: 'Threshold (match probability)', rowHeader: true, numeric: true, value: (row) => row.threshold, render: (row) => row.threshold.toFixed(2) },
  { id: 'precision', header: 'Estimated precision', numeric: true, value: (row) => row.estimatedPrecision, render: (row) => percent(row.estimatedPrecision) },
  { id: 'recall', header: 'Estimated recall', numeric: true, value: (row) => row.estimatedRecall, render: (row) => percent(row.estimatedRecall) },
];

/** The probabilistic stage's parameters (Splink's match weights, as a table) and its own quality estimates. */
function ModelPanel({ model }: { readonly model: LinkageModelView }) {
  const rows: ModelLevelRow[] = model.comparisons.flatMap((comparison) => comparison.levels.map((level) => ({ comparison: comparison.label, level: level.label, m: level.m, u: level.u, weight: level.weight })));
  const shown = model.thresholdChart.filter((point) => Math.round(point.threshold * 100) % 5 === 0 || point.threshold >= 0.9);
  return (
    <section className="panel" aria-labelledby="linkage-model-heading">
      <h2 id="linkage-model-heading" className="panel__title">
        Probabilistic matching
      </h2>
      <p className="panel__hint">
        After the exact keys, pairs of records are scored on keyed name encodings, date of birth, sex and area (a Fellegi–Sunter model estimated from these extracts) and linked at a match probability of {model.threshold} or more. Each level adds its weight to the prior of {model.priorWeight.toFixed(2)}; blocking rules: {model.blockingRules.join('; ')}.
      </p>
      <dl className="facts facts--inline">
        <dt>Estimated precision at the threshold</dt>
        <dd>{percent(model.estimatedPrecision)}</dd>
        <dt>Estimated recall</dt>
        <dd>{percent(model.estimatedRecall)}</dd>
      </dl>
      <SortableTable caption="Match weight of each comparison level" columns={modelColumns} rows={rows} rowKey={(row) => `${row.comparison}-${row.level}`} />
      <details className="linkage__details">
        <summary>Estimated precision and recall by threshold</summary>
        <SortableTable caption="The model’s own estimates by threshold" columns={thresholdColumns} rows={shown} rowKey={(row) => String(row.threshold)} />
      </details>
    </section>
  );
}

interface SourceMatrixProps<Cell> {
  readonly sources: readonly string[];
  /** Cells by row source, then column source; null where the engine reports no pair. */
  readonly cells: readonly (readonly (Cell | null)[])[];
  readonly label: string;
  readonly caption: string;
  readonly text: (cell: Cell) => string;
  readonly title?: (cell: Cell) => string;
}

/** A source × source table read across: the row source against each column source. */
function SourceMatrix<Cell>({ sources, cells, label, caption, text, title }: SourceMatrixProps<Cell>) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table data-table--compact linkage__matrix">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <td />
            {sources.map((source) => (
              <th key={source} scope="col" className="numeric mono">
                {source}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sources.map((row, rowIndex) => (
            <tr key={row}>
              <th scope="row" className="mono">
                {row}
              </th>
              {sources.map((column, columnIndex) => {
                const cell = cells[rowIndex]?.[columnIndex] ?? null;
                return (
                  <td key={column} className="numeric" title={cell === null || title === undefined ? undefined : title(cell)}>
                    {cell === null ? <span aria-label="no pair">—</span> : text(cell)}
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

function PairMatrix({ village }: { readonly village: VillageJson }) {
  const { sources, pairs } = village.linkage;
  return (
    <SourceMatrix
      sources={sources}
      cells={pairMatrix(sources, pairs)}
      label="People in both sources, as a matrix"
      caption="People found in both sources of each pair; a dash where the engine reports no pair"
      text={countText}
    />
  );
}

function RateMatrix({ village }: { readonly village: VillageJson }) {
  const { sources, pairs } = village.linkage;
  return (
    <SourceMatrix
      sources={sources}
      cells={rateMatrix(sources, pairs)}
      label="Link rates between sources, as a matrix"
      caption="Share of the row source’s people also found in the column source; a dash where the engine reports no pair"
      text={(cell) => cell.display}
      title={shareText}
    />
  );
}

function LinkageContent({ village }: { readonly village: VillageJson }) {
  const { linkage } = village;
  return (
    <>
      <section className="panel" aria-labelledby="linkage-totals-heading">
        <h2 id="linkage-totals-heading" className="panel__title">
          People in the linked index
        </h2>
        <dl className="facts facts--inline">
          <dt>Records linked</dt>
          <dd>{countText(linkage.records)}</dd>
          <dt>People</dt>
          <dd>{countText(linkage.people)}</dd>
          <dt>Without a date of birth</dt>
          <dd>{countText(linkage.peopleWithoutAge)}</dd>
          <dt>Without a ward</dt>
          <dd>{countText(linkage.peopleWithoutWard)}</dd>
        </dl>
        <p className="panel__hint">{village.suppression.rule}</p>
      </section>

      <section className="panel" aria-labelledby="linkage-sources-heading">
        <h2 id="linkage-sources-heading" className="panel__title">
          Each source: how many of its people were found elsewhere
        </h2>
        <p className="panel__hint">
          Each rate is a share of the source’s people (distinct children and young people, not records): the link rate is the people of the source also found in at least one other source, as a share of the source’s people. A rate is withheld wherever its count or its denominator is.
        </p>
        <SortableTable caption="Linkage per source" columns={sourceColumns} rows={linkage.perSource} rowKey={(row) => row.source} />
      </section>

      <section className="panel" aria-labelledby="linkage-pairs-heading">
        <h2 id="linkage-pairs-heading" className="panel__title">
          Source pairs: people in both
        </h2>
        <PairMatrix village={village} />
        <h3 className="linkage__subtitle">Link rates: the row source’s people also found in the column source</h3>
        <p className="panel__hint">
          Read across: a cell is the people in both sources as a share of the row source’s people, so each pair has two rates, one per side.
        </p>
        <RateMatrix village={village} />
        <details className="linkage__details">
          <summary>Pairs as a list</summary>
          <SortableTable
            caption="People in both sources of each pair"
            columns={pairColumns}
            rows={linkage.pairs}
            rowKey={(row) => `${row.sourceA}-${row.sourceB}`}
          />
        </details>
      </section>

      <div className="linkage__pair">
        <section className="panel" aria-labelledby="linkage-keys-heading">
          <h2 id="linkage-keys-heading" className="panel__title">
            Keys of the cascade
          </h2>
          <p className="panel__hint">Counts of record links, not of children.</p>
          <SortableTable caption="Merges per linkage key" columns={keyColumns} rows={linkage.keys} rowKey={(row) => row.key} />
        </section>
        <section className="panel" aria-labelledby="linkage-conflicts-heading">
          <h2 id="linkage-conflicts-heading" className="panel__title">
            Conflicts
          </h2>
          {linkage.conflicts.length === 0 ? (
            <p className="panel__hint">No key value was kept apart by a conflict.</p>
          ) : (
            <SortableTable caption="Linkage conflicts" columns={conflictColumns} rows={linkage.conflicts} rowKey={(row) => `${row.key}-${row.kind}-${row.resolution}`} />
          )}
        </section>
      </div>

      {linkage.model !== undefined && <ModelPanel model={linkage.model} />}
      {linkage.decisionConflicts !== undefined && linkage.decisionConflicts.length > 0 && (
        <section className="panel" aria-labelledby="linkage-decision-conflicts-heading">
          <h2 id="linkage-decision-conflicts-heading" className="panel__title">
            Decisions not applied
          </h2>
          <p className="panel__hint">Clerical decisions the last run could not honour, because they conflict with each other or with an exact link, and what it did instead.</p>
          <ul className="linkage__decision-conflicts">
            {linkage.decisionConflicts.map((conflict) => (
              <li key={`${conflict.kind}-${conflict.records.map((record) => `${record.source}-${record.row}`).join('-')}`}>{conflict.explanation}</li>
            ))}
          </ul>
        </section>
      )}
      {linkage.model !== undefined && <ReviewPanel />}

      <section className="panel" aria-labelledby="linkage-unresolved-heading">
        <h2 id="linkage-unresolved-heading" className="panel__title">
          Unresolved geography
        </h2>
        <p className="panel__hint">Records no ward or locality could be found for, per source and reason. They count for the city but for no locality; example rows are the file’s row numbers, never values.</p>
        {village.unresolved.length === 0 ? (
          <p className="panel__hint">Every record was placed in a ward.</p>
        ) : (
          <SortableTable caption="Unresolved records by source and reason" columns={unresolvedColumns} rows={village.unresolved} rowKey={(row) => `${row.source}-${row.reason}`} initialSort={{ column: 'records', direction: 'descending' }} />
        )}
      </section>
    </>
  );
}

export function LinkageScreen() {
  const { state: runs } = useRecipeRuns();
  const [runId, setRunId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const state = useVillage(runId, attempt);
  return (
    <div className="screen screen--flow linkage">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Linkage</h1>
          <p className="screen__lede">The numbers behind the views: how the sources linked into people, where keys conflicted, and which records could not be placed on the map.</p>
        </div>
        {runs.status === 'ready' && runs.runs.length > 0 && <RunPicker id="linkage-run" runs={runs.runs} value={runId} onChange={setRunId} />}
      </div>
      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the linkage figures…
        </p>
      )}
      {state.status === 'no-run' && (
        <p className="callout" role="status">
          {state.message} Open a recipe on the Recipes screen (Alt+8) and run it; its linkage figures appear here when it finishes.
        </p>
      )}
      <ProblemNotice
        title="The linkage figures could not be loaded"
        error={state.status === 'failed' ? state.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {state.status === 'ready' && <LinkageContent village={state.village} />}
    </div>
  );
}
