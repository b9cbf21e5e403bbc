import type { Specification } from '../../../shared/spec';
import { numberOrUndefined, type DraftProblem } from './draft-edits';
import { ListInput } from './ListInput';

interface SpecDetailsProps {
  readonly draft: Specification;
  readonly problems: readonly DraftProblem[];
  readonly onChange: (draft: Specification) => void;
}

function problemFor(problems: readonly DraftProblem[], property: string): string | null {
  return problems.find((problem) => problem.fieldIndex === null && problem.property === property)?.message ?? null;
}

function Hint({ id, hint, problem }: { id: string; hint: string; problem: string | null }) {
  return (
    <p id={id} className={problem === null ? 'field__hint' : 'field__hint field__hint--problem'}>
      {problem ?? hint}
    </p>
  );
}

/** The specification's own properties: identity, version, keys and the layout hints. */
export function SpecDetails({ draft, problems, onChange }: SpecDetailsProps) {
  const header = draft.header ?? {};
  const setHeader = (next: NonNullable<Specification['header']>) => {
    const cleaned = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined));
    const { header: _dropped, ...rest } = draft;
    onChange(Object.keys(cleaned).length === 0 ? rest : { ...draft, header: cleaned });
  };
  const text = (key: 'id' | 'title' | 'version' | 'agency', label: string, hint: string) => {
    const id = `spec-${key}`;
    const problem = problemFor(problems, key);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          className="input"
          value={draft[key]}
          onChange={(event) => onChange({ ...draft, [key]: event.target.value })}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-hint`}
          spellCheck={key !== 'id'}
          autoComplete="off"
        />
        <Hint id={`${id}-hint`} hint={hint} problem={problem} />
      </div>
    );
  };
  const keyProblems = problems.filter((problem) => problem.fieldIndex === null && (problem.property === null || problem.property === 'primaryKey' || problem.property === 'uniqueKeys'));
  return (
    <div>
      <div className="specs__grid">
        {text('id', 'Specification id', 'lower-case-kebab-case; recipes name the specification by it.')}
        {text('title', 'Title', 'What the extract is, in a few words.')}
        {text('version', 'Version', 'Shown on every validation report; give each change a new one.')}
        {text('agency', 'Agency', 'The partner that sends this extract.')}
        <div className="field specs__wide">
          <label htmlFor="spec-description">Description</label>
          <textarea id="spec-description" className="code-box specs__list" rows={2} value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />
        </div>
      </div>
      <fieldset className="specs__group">
        <legend>Keys and extra columns</legend>
        <div className="specs__grid">
          <div className="field">
            <label htmlFor="spec-primary-key">Primary key</label>
            <ListInput
              id="spec-primary-key"
              separator="commas"
              value={draft.primaryKey ?? []}
              onChange={(next) => {
                const { primaryKey: _dropped, ...rest } = draft;
                onChange(next.length === 0 ? rest : { ...draft, primaryKey: next });
              }}
              describedBy="spec-primary-key-hint"
            />
            <p id="spec-primary-key-hint" className="field__hint">
              Field names, comma-separated, that together identify a row.
            </p>
          </div>
          <div className="field">
            <label htmlFor="spec-unique-keys">Other unique combinations</label>
            <ListInput
              id="spec-unique-keys"
              separator="lines"
              rows={2}
              value={draft.uniqueKeys.map((key) => key.join(', '))}
              onChange={(lines) => onChange({ ...draft, uniqueKeys: lines.map((line) => line.split(',').map((name) => name.trim()).filter((name) => name !== '')).filter((key) => key.length > 0) })}
              describedBy="spec-unique-keys-hint"
            />
            <p id="spec-unique-keys-hint" className="field__hint">
              One combination per line, field names comma-separated.
            </p>
          </div>
        </div>
        <div className="specs__check">
          <input id="spec-allow-extra" type="checkbox" checked={draft.allowExtraFields} onChange={(event) => onChange({ ...draft, allowExtraFields: event.target.checked })} aria-describedby="spec-allow-extra-hint" />
          <label htmlFor="spec-allow-extra">Allow columns the specification does not name</label>
          <p id="spec-allow-extra-hint" className="field__hint">
            Even then, an unnamed column that looks like personal data is reported.
          </p>
        </div>
        {keyProblems.length > 0 && (
          <ul className="specs__problems" aria-label="Problems with the keys">
            {keyProblems.map((problem) => (
              <li key={problem.message}>{problem.message}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <fieldset className="specs__group">
        <legend>Layout hints</legend>
        <div className="specs__grid">
          <div className="field">
            <label htmlFor="spec-header-sheet">Sheet</label>
            <input
              id="spec-header-sheet"
              className="input"
              value={header.sheet ?? ''}
              onChange={(event) => setHeader({ ...header, sheet: event.target.value === '' ? undefined : event.target.value })}
              aria-describedby="spec-header-sheet-hint"
            />
            <p id="spec-header-sheet-hint" className="field__hint">
              The sheet to read from a workbook.
            </p>
          </div>
          <div className="field">
            <label htmlFor="spec-header-row">Header row</label>
            <input
              id="spec-header-row"
              className="input"
              type="number"
              min={1}
              value={header.rowNumber === undefined || Number.isNaN(header.rowNumber) ? '' : String(header.rowNumber)}
              onChange={(event) => setHeader({ ...header, rowNumber: numberOrUndefined(event.target.value) })}
              aria-invalid={problemFor(problems, 'header') !== null}
              aria-describedby="spec-header-row-hint"
            />
            <Hint id="spec-header-row-hint" hint="The (lower) header row as Excel numbers it; empty to let the workbench find it." problem={problemFor(problems, 'header')} />
          </div>
          <div className="field">
            <label htmlFor="spec-header-rows">Header rows</label>
            <select
              id="spec-header-rows"
              className="select"
              value={header.rowCount === undefined ? '' : String(header.rowCount)}
              onChange={(event) => setHeader({ ...header, rowCount: event.target.value === '' ? undefined : (Number(event.target.value) as 1 | 2) })}
            >
              <option value="">Found by the workbench</option>
              <option value="1">One row of column titles</option>
              <option value="2">Group titles above column titles</option>
            </select>
          </div>
        </div>
      </fieldset>
    </div>
  );
}
