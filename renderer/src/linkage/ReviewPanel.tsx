import { useCallback, useEffect, useRef, useState } from 'react';
import { REVIEW_PAGE_PAIRS, type LinkageReviewPair } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { reviewPageText } from './linkage-text';

type Decision = NonNullable<LinkageReviewPair['decision']>;

const DECISIONS: readonly { readonly value: Decision; readonly label: string }[] = [
  { value: 'match', label: 'Match' },
  { value: 'not-a-match', label: 'Not a match' },
  { value: 'unsure', label: 'Unsure' },
];

type ReviewState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly pairs: readonly LinkageReviewPair[]; readonly offset: number; readonly total: number }
  | { readonly status: 'failed'; readonly error: WorkbenchError };


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

/** Previous / next page of the review list, with where this page lies among all the pairs. */
function ReviewPager({ label, offset, shown, total, onPage }: { readonly label: string; readonly offset: number; readonly shown: number; readonly total: number; readonly onPage: (offset: number) => void }) {
  const text = reviewPageText(offset, shown, total);
  return (
    <nav className="linkage__review-pager" aria-label={label}>
      <button type="button" className="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - REVIEW_PAGE_PAIRS))}>
        Previous {REVIEW_PAGE_PAIRS}
      </button>
      <span>{text.charAt(0).toUpperCase() + text.slice(1)}</span>
      <button type="button" className="button" disabled={offset + shown >= total} onClick={() => onPage(offset + REVIEW_PAGE_PAIRS)}>
        Next {REVIEW_PAGE_PAIRS}
      </button>
    </nav>
  );
}

/**
 * Clerical review of the last run's grey-zone pairs, a page at a time; decisions are kept in the workspace and
 * used by every later run, so a page shows the decisions taken on it whenever it is shown again.
 */
export function ReviewPanel() {
  const api = useWorkbenchApi();
  const [state, setState] = useState<ReviewState>({ status: 'loading' });
  const [offset, setOffset] = useState(0);
  const [problem, setProblem] = useState<WorkbenchError | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const load = useCallback(
    async (from: number) => {
      const result = await api.listLinkageReview({ offset: from, limit: REVIEW_PAGE_PAIRS });
      setState(result.ok ? { status: 'ready', pairs: result.value.pairs, offset: result.value.offset, total: result.value.total } : { status: 'failed', error: result.error });
    },
    [api],
  );
  useEffect(() => {
    void load(offset);
  }, [load, offset]);
  const turnPage = (to: number): void => {
    setOffset(to);
    // The list's heading takes the focus, so a keyboard or screen-reader user starts at the new page's first pair.
    listHeading.current?.focus();
  };
  const decide = async (pair: LinkageReviewPair, decision: Decision): Promise<void> => {
    const result = await api.decideLinkagePair({ sourceA: pair.sourceA, rowA: pair.rowA, sourceB: pair.sourceB, rowB: pair.rowB, decision });
    setProblem(result.ok ? null : result.error);
    if (result.ok) await load(offset);
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
      {state.status === 'ready' && state.total === 0 && <p className="panel__hint">No pair of records is waiting for review.</p>}
      {state.status === 'ready' && state.total > 0 && (
        <>
          <h3 ref={listHeading} tabIndex={-1} className="linkage__review-range" aria-live="polite">
            Showing {reviewPageText(state.offset, state.pairs.length, state.total)}
          </h3>
          <ReviewPager label="Pages of pairs for review" offset={state.offset} shown={state.pairs.length} total={state.total} onPage={turnPage} />
          <ol className="linkage__review" start={state.offset + 1}>
            {state.pairs.map((pair) => (
              <ReviewCard key={pairKey(pair)} pair={pair} onDecide={(decision) => void decide(pair, decision)} />
            ))}
          </ol>
          <ReviewPager label="Pages of pairs for review, after the list" offset={state.offset} shown={state.pairs.length} total={state.total} onPage={turnPage} />
        </>
      )}
    </section>
  );
}
