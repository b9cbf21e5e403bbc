import { useCallback, useEffect, useState } from 'react';
import type { LinkageReviewPair } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';

type Decision = NonNullable<LinkageReviewPair['decision']>;

const DECISIONS: readonly { readonly value: Decision; readonly label: string }[] = [
  { value: 'match', label: 'Match' },
  { value: 'not-a-match', label: 'Not a match' },
  { value: 'unsure', label: 'Unsure' },
];

type ReviewState = { readonly status: 'loading' } | { readonly status: 'ready'; readonly pairs: readonly LinkageReviewPair[] } | { readonly status: 'failed'; readonly error: WorkbenchError };

const weightText = (weight: number): string => (weight > 0 ? `+${weight.toFixed(1)}` : weight.toFixed(1));
const pairKey = (pair: LinkageReviewPair): string => `${pair.sourceA}-${pair.rowA}-${pair.sourceB}-${pair.rowB}`;

/** One pair: where its records are, how each comparison agreed and what it weighed, and the decision buttons. */
function ReviewCard({ pair, onDecide }: { readonly pair: LinkageReviewPair; readonly onDecide: (decision: Decision) => void }) {
  const title = `${pair.sourceA} row ${pair.rowA} and ${pair.sourceB} row ${pair.rowB}`;
  return (
    <li className="linkage__review-pair" aria-label={title}>
      <p>
        <span className="mono">{pair.fileA ?? pair.sourceA}</span> row {pair.rowA} and <span className="mono">{pair.fileB ?? pair.sourceB}</span> row {pair.rowB}: match probability {(pair.probability * 100).toFixed(1)}% (weight {weightText(pair.weight)})
        {pair.namesSwapped ? ', forename and surname compared crosswise' : ''}
      </p>
      <table className="data-table data-table--compact">
        <caption className="visually-hidden">Agreement pattern of {title}</caption>
        <thead>
          <tr>
            <th scope="col">Comparison</th>
            <th scope="col">Agreement</th>
            <th scope="col" className="numeric">
              Match weight
            </th>
          </tr>
        </thead>
        <tbody>
          {pair.comparisons.map((comparison) => (
            <tr key={comparison.label}>
              <th scope="row">{comparison.label}</th>
              <td>{comparison.level ?? 'not compared (missing on one side)'}</td>
              <td className="numeric">{comparison.level === null ? '—' : weightText(comparison.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div role="group" aria-label={`Decision on ${title}`} className="linkage__review-actions">
        {DECISIONS.map((option) => (
          <button key={option.value} type="button" className={pair.decision === option.value ? 'button button--primary' : 'button'} aria-pressed={pair.decision === option.value} onClick={() => onDecide(option.value)}>
            {option.label}
          </button>
        ))}
      </div>
      <p className="panel__hint">Decision: {pair.decision === null ? 'none yet' : (DECISIONS.find((option) => option.value === pair.decision)?.label ?? pair.decision)}</p>
    </li>
  );
}

/** Clerical review of the last run's grey-zone pairs; decisions are kept in the workspace and used by every later run. */
export function ReviewPanel() {
  const api = useWorkbenchApi();
  const [state, setState] = useState<ReviewState>({ status: 'loading' });
  const [problem, setProblem] = useState<WorkbenchError | null>(null);
  const reload = useCallback(async () => {
    const result = await api.listLinkageReview({});
    setState(result.ok ? { status: 'ready', pairs: result.value.pairs } : { status: 'failed', error: result.error });
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const decide = async (pair: LinkageReviewPair, decision: Decision): Promise<void> => {
    const result = await api.decideLinkagePair({ sourceA: pair.sourceA, rowA: pair.rowA, sourceB: pair.sourceB, rowB: pair.rowB, decision });
    setProblem(result.ok ? null : result.error);
    if (result.ok) await reload();
  };
  return (
    <section className="panel" aria-labelledby="linkage-review-heading">
      <h2 id="linkage-review-heading" className="panel__title">
        Clerical review
      </h2>
      <p className="panel__hint">
        Pairs the model was unsure of in the last run, most probable first, named by file and row so you can look at the originals you hold. Decisions are kept in the workspace, audited, and used by every later run: run the recipe again to apply them.
      </p>
      <ProblemNotice title="The decision could not be kept" error={problem} />
      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the pairs for review…
        </p>
      )}
      <ProblemNotice title="The pairs for review could not be loaded" error={state.status === 'failed' ? state.error : null} />
      {state.status === 'ready' && state.pairs.length === 0 && <p className="panel__hint">No pair of records is waiting for review.</p>}
      {state.status === 'ready' && state.pairs.length > 0 && (
        <ol className="linkage__review">
          {state.pairs.slice(0, 50).map((pair) => (
            <ReviewCard key={pairKey(pair)} pair={pair} onDecide={(decision) => void decide(pair, decision)} />
          ))}
        </ol>
      )}
    </section>
  );
}
