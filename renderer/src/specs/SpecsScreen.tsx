import { useEffect, useMemo, useRef, useState } from 'react';
import type { InferredSpecification } from '../../../shared/api';
import type { ValidationReport } from '../../../shared/findings';
import type { WorkbenchError } from '../../../shared/result';
import type { SpecField, Specification } from '../../../shared/spec';
import { describeChange, diffSpecifications, type SpecChange } from '../../../shared/spec-diff';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { fileNameOf } from '../import/recipe-source';
import { draftProblems, moveField, newField, removeField, replaceField } from './draft-edits';
import { FieldEditor } from './FieldEditor';
import { LiveCheck } from './LiveCheck';
import { SpecDetails } from './SpecDetails';

interface Problem {
  readonly title: string;
  readonly error: WorkbenchError;
}

/** The version the draft is compared with: the file it was opened from, the last save, or a bundled specification of the same id. */
interface Baseline {
  readonly spec: Specification;
  readonly description: string;
}

type CheckState =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'done'; readonly report: ValidationReport }
  | { readonly state: 'failed'; readonly error: WorkbenchError };

/** Edits settle for this long before the sample is checked again, so typing a pattern does not start a check per key. */
const CHECK_DELAY_MS = 400;

export function SpecsScreen() {
  const api = useWorkbenchApi();
  const [bundled, setBundled] = useState<readonly Specification[]>([]);
  const [samplePath, setSamplePath] = useState<string | null>(null);
  const [sheets, setSheets] = useState<readonly string[]>([]);
  const [sheet, setSheet] = useState<string | null>(null);
  const [draft, setDraft] = useState<Specification | null>(null);
  /** Grows whenever a whole new draft arrives, so the field editor's typed text starts afresh. */
  const [generation, setGeneration] = useState(0);
  const [evidence, setEvidence] = useState<InferredSpecification['evidence']>([]);
  const [selected, setSelected] = useState(0);
  const [openedBaseline, setOpenedBaseline] = useState<Baseline | null>(null);
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const [offered, setOffered] = useState<{ readonly purpose: 'import' | 'specification'; readonly paths: readonly string[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<{ readonly message: string; readonly changes: readonly SpecChange[] } | null>(null);
  const [kept, setKept] = useState<{ readonly message: string; readonly changes: readonly string[] } | null>(null);
  const checkSerial = useRef(0);
  /** Set by Add field, so focus moves to the new field's name and typing names it. */
  const focusNewField = useRef(false);

  useEffect(() => {
    if (!focusNewField.current) return;
    focusNewField.current = false;
    document.getElementById('field-name')?.focus();
  }, [selected, draft]);

  useEffect(() => {
    let current = true;
    void api.listSpecifications({}).then((result) => {
      if (current && result.ok) setBundled(result.value.specifications);
    });
    return () => {
      current = false;
    };
  }, [api]);

  const problems = useMemo(() => (draft === null ? [] : draftProblems(draft)), [draft]);

  // The live check: the sample against the draft as it stands, once the draft is a specification.
  useEffect(() => {
    if (draft === null || samplePath === null || problems.length > 0) {
      setCheck({ state: 'idle' });
      return;
    }
    const serial = ++checkSerial.current;
    setCheck({ state: 'checking' });
    const timer = window.setTimeout(() => {
      void api.checkSpecification({ path: samplePath, ...(sheet === null ? {} : { sheet }), specification: draft }).then((result) => {
        if (serial !== checkSerial.current) return;
        setCheck(result.ok ? { state: 'done', report: result.value.report } : { state: 'failed', error: result.error });
      });
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [api, draft, samplePath, sheet, problems.length]);

  const baseline: Baseline | null = useMemo(() => {
    if (draft === null) return null;
    if (openedBaseline !== null && openedBaseline.spec.id === draft.id) return openedBaseline;
    const shipped = bundled.find((spec) => spec.id === draft.id);
    return shipped === undefined ? null : { spec: shipped, description: `the bundled ${shipped.title}, version ${shipped.version}` };
  }, [draft, openedBaseline, bundled]);
  const changes = useMemo(() => (draft === null || baseline === null ? [] : diffSpecifications(baseline.spec, draft)), [draft, baseline]);
  const versionUnchanged = baseline !== null && draft !== null && changes.length > 0 && baseline.spec.version === draft.version;

  function startDraft(next: Specification, nextEvidence: InferredSpecification['evidence']) {
    setDraft(next);
    setEvidence(nextEvidence);
    setSelected(0);
    setGeneration((value) => value + 1);
    setSaved(null);
  }

  /** Files the shell offered (its dialog may hand back several, as the loopback host's stand-in does), for the officer to pick one. */
  async function choose(purpose: 'import' | 'specification') {
    setProblem(null);
    setOffered(null);
    const chosen = await api.chooseFiles({ purpose, multiple: false });
    if (!chosen.ok) {
      setProblem({ title: purpose === 'import' ? 'The sample file could not be chosen' : 'The specification could not be chosen', error: chosen.error });
      return;
    }
    const { paths } = chosen.value;
    const [only] = paths;
    if (only === undefined) return;
    if (paths.length > 1) setOffered({ purpose, paths });
    else if (purpose === 'import') await takeSample(only);
    else await openSpecification(only);
  }

  async function takeSample(filePath: string) {
    setOffered(null);
    setBusy(`Reading the sheets of ${fileNameOf(filePath)}…`);
    const listed = await api.listSheets({ path: filePath });
    setBusy(null);
    if (!listed.ok) {
      setProblem({ title: `${fileNameOf(filePath)} could not be opened`, error: listed.error });
      return;
    }
    const visible = listed.value.sheets.filter((candidate) => !candidate.hidden).map((candidate) => candidate.name);
    setSamplePath(filePath);
    setSheets(visible);
    setSheet(visible[0] ?? null);
  }

  async function infer() {
    if (samplePath === null) return;
    setProblem(null);
    setBusy(`Drafting a specification from ${fileNameOf(samplePath)}…`);
    const inferred = await api.inferSpecification({ path: samplePath, ...(sheet === null ? {} : { sheet }) });
    setBusy(null);
    if (!inferred.ok) {
      setProblem({ title: 'A specification could not be drafted from this file', error: inferred.error });
      return;
    }
    setOpenedBaseline(null);
    startDraft(inferred.value.specification, inferred.value.evidence);
  }

  async function openSpecification(filePath: string) {
    setOffered(null);
    const read = await api.readSpecification({ path: filePath });
    if (!read.ok) {
      setProblem({ title: `${fileNameOf(filePath)} could not be opened`, error: read.error });
      return;
    }
    setOpenedBaseline({ spec: read.value.specification, description: `${fileNameOf(filePath)}, version ${read.value.specification.version}` });
    startDraft(read.value.specification, []);
  }

  async function save() {
    if (draft === null || problems.length > 0) return;
    setProblem(null);
    setSaved(null);
    setKept(null);
    const chosen = await api.chooseSavePath({ purpose: 'specification', suggestedName: `${draft.id}.spec.json` });
    if (!chosen.ok) {
      setProblem({ title: 'The specification could not be saved', error: chosen.error });
      return;
    }
    if (chosen.value.path === null) return;
    const written = await api.saveSpecification({ path: chosen.value.path, specification: draft });
    if (!written.ok) {
      setProblem({ title: 'The specification could not be saved', error: written.error });
      return;
    }
    const name = fileNameOf(written.value.path);
    const replaced = written.value.replaced;
    setSaved({
      message:
        `Saved ${name} (${draft.id}, version ${draft.version}).` +
        (replaced === null ? '' : ` It replaced version ${replaced.version}: ${replaced.changes.length} ${replaced.changes.length === 1 ? 'change' : 'changes'}.`) +
        ' Validate and import extracts against it by choosing this file.',
      changes: replaced?.changes ?? [],
    });
    setOpenedBaseline({ spec: draft, description: `${name}, version ${draft.version}, as saved` });
  }

  /** Keeps the saved specification in this workspace, so Import, Validate and recipes offer it by id. */
  async function keepInWorkspace() {
    if (draft === null || problems.length > 0) return;
    setProblem(null);
    setKept(null);
    const added = await api.addSpecification({ specification: draft });
    if (!added.ok) {
      setProblem({ title: 'The specification could not be kept in this workspace', error: added.error });
      return;
    }
    const { specId, version, outcome, previousVersion, changes } = added.value;
    const message =
      outcome === 'unchanged'
        ? `${specId} version ${version} is already in this workspace as it is.`
        : outcome === 'new-version'
          ? `${specId} version ${version} now replaces version ${previousVersion ?? '?'} in this workspace; Import and Validate offer it.`
          : `${specId} version ${version} is kept in this workspace; Import and Validate offer it.`;
    setKept({ message, changes });
  }

  const field = draft?.fields[selected] ?? null;
  const fieldProblems = problems.filter((entry) => entry.fieldIndex === selected);
  const reasons = field === null ? [] : (evidence.find((entry) => entry.label === field.title || field.synonyms.includes(entry.label))?.reasons ?? []);
  const problemCount = (index: number): number => problems.filter((entry) => entry.fieldIndex === index).length;

  function updateField(next: SpecField) {
    if (draft !== null) setDraft(replaceField(draft, selected, next));
  }

  return (
    <div className="screen screen--flow specs">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Specifications</h1>
          <p className="screen__lede">
            Describe a partner’s extract as data: draft a specification from a sample file, check and correct every field while the sample is checked against it, then
            save it as a file to validate and import with.
          </p>
        </div>
      </div>

      <ProblemNotice title={problem?.title ?? ''} error={problem?.error ?? null} />

      <section className="panel step" aria-labelledby="specs-start">
        <h2 id="specs-start" className="panel__title">
          1. Sample file
        </h2>
        <div className="button-row">
          <button type="button" className="button" onClick={() => void choose('import')}>
            Choose a sample file…
          </button>
          <button type="button" className="button button--secondary" onClick={() => void choose('specification')}>
            Open a specification…
          </button>
        </div>
        {offered !== null && (
          <div className="specs__offered">
            <p id="specs-offered-title" className="step__chosen">
              {offered.purpose === 'import' ? 'Which file is the sample?' : 'Which specification do you want to open?'}
            </p>
            <ul className="button-row" aria-labelledby="specs-offered-title">
              {offered.paths.map((filePath) => (
                <li key={filePath}>
                  <button type="button" className="button button--secondary button--small" onClick={() => void (offered.purpose === 'import' ? takeSample(filePath) : openSpecification(filePath))}>
                    {fileNameOf(filePath)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {samplePath !== null && (
          <p className="step__chosen">
            Sample: <strong>{fileNameOf(samplePath)}</strong>
          </p>
        )}
        {sheets.length > 1 && (
          <div className="field">
            <label htmlFor="specs-sheet">Sheet</label>
            <select id="specs-sheet" className="select" value={sheet ?? ''} onChange={(event) => setSheet(event.target.value)}>
              {sheets.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        {samplePath !== null && (
          <button type="button" className="button" onClick={() => void infer()} disabled={busy !== null}>
            {draft === null ? 'Draft a specification from this sample' : 'Draft again from this sample (replaces the draft)'}
          </button>
        )}
        {busy !== null && (
          <p className="panel__hint" role="status">
            {busy}
          </p>
        )}
      </section>

      {draft !== null && (
        <>
          <section className="panel step" aria-labelledby="specs-details">
            <h2 id="specs-details" className="panel__title">
              2. The specification
            </h2>
            <SpecDetails key={generation} draft={draft} problems={problems} onChange={setDraft} />
          </section>

          <section className="panel step" aria-labelledby="specs-fields">
            <div className="panel__header">
              <h2 id="specs-fields" className="panel__title">
                3. Fields
              </h2>
              <p className="specs__check-status" role="status" aria-live="polite">
                {checkStatus(check, problems.length, samplePath)}
              </p>
            </div>
            <div className="specs__fields">
              <div className="specs__field-list">
                <ol aria-label="Fields of the specification">
                  {draft.fields.map((candidate, index) => (
                    <li key={`${generation}-${index}`}>
                      <button type="button" className="specs__field-button" aria-pressed={index === selected} onClick={() => setSelected(index)}>
                        <span className="specs__field-name">{candidate.name}</span>{' '}
                        <span className="specs__field-meta">
                          {candidate.type}
                          {candidate.required ? ', required' : ''}
                          {candidate.identifier === undefined ? '' : `, ${candidate.identifier}`}
                          {problemCount(index) > 0 ? `, ${problemCount(index)} ${problemCount(index) === 1 ? 'problem' : 'problems'}` : ''}
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => {
                      focusNewField.current = true;
                      setDraft({ ...draft, fields: [...draft.fields, newField(draft)] });
                      setSelected(draft.fields.length);
                    }}
                  >
                    Add field
                  </button>
                  <button type="button" className="button button--secondary button--small" onClick={() => moveSelected(-1)} disabled={selected === 0}>
                    Move up
                  </button>
                  <button type="button" className="button button--secondary button--small" onClick={() => moveSelected(1)} disabled={selected >= draft.fields.length - 1}>
                    Move down
                  </button>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => {
                      setDraft(removeField(draft, selected));
                      setSelected(Math.max(0, selected - 1));
                    }}
                    disabled={draft.fields.length <= 1}
                  >
                    Remove {field?.name ?? 'field'}
                  </button>
                </div>
              </div>
              {field !== null && (
                <section className="specs__field" aria-labelledby="specs-field-title">
                  <h3 id="specs-field-title" className="specs__subtitle">
                    Field {selected + 1} of {draft.fields.length}: {field.name}
                  </h3>
                  <FieldEditor key={`${generation}-${selected}`} field={field} problems={fieldProblems} reasons={reasons} onChange={updateField} />
                </section>
              )}
            </div>
          </section>

          <section className="panel step" aria-labelledby="specs-check">
            <h2 id="specs-check" className="panel__title">
              4. Live check of the sample
            </h2>
            {problems.length > 0 ? (
              <div className="callout">
                <p>The draft is not a specification yet, so the sample is not checked. Fix these first:</p>
                <ul className="specs__problems" aria-label="Problems with the draft">
                  {problems.map((entry) => (
                    <li key={`${entry.fieldIndex}-${entry.message}`}>{entry.message}</li>
                  ))}
                </ul>
              </div>
            ) : samplePath === null ? (
              <p className="panel__hint">Choose a sample file to check it against the draft as you edit.</p>
            ) : check.state === 'done' ? (
              <LiveCheck report={check.report} fileName={fileNameOf(samplePath)} />
            ) : check.state === 'failed' ? (
              <ProblemNotice title="The sample could not be checked" error={check.error} />
            ) : (
              <p className="panel__hint">Checking {fileNameOf(samplePath)} against the draft…</p>
            )}
          </section>

          <section className="panel step" aria-labelledby="specs-save">
            <h2 id="specs-save" className="panel__title">
              5. Save
            </h2>
            {baseline === null ? (
              <p className="panel__hint">A new specification: no earlier version with the id {draft.id}.</p>
            ) : changes.length === 0 ? (
              <p className="panel__hint">No changes from {baseline.description}.</p>
            ) : (
              <div>
                <h3 className="specs__subtitle">
                  What changed from {baseline.description} ({changes.length} {changes.length === 1 ? 'change' : 'changes'})
                </h3>
                <ul className="specs__changes">
                  {changes.map((change) => (
                    <li key={describeChange(change)}>{describeChange(change)}</li>
                  ))}
                </ul>
              </div>
            )}
            {versionUnchanged && (
              <p className="callout" role="status">
                The version is still {draft.version}. Give the changed specification a new version, so every report says which one it was checked against.
              </p>
            )}
            <div className="button-row">
              <button type="button" className="button" onClick={() => void save()} disabled={problems.length > 0}>
                Save specification…
              </button>
              {saved !== null && (
                <button type="button" className="button button--secondary" onClick={() => void keepInWorkspace()} disabled={problems.length > 0}>
                  Keep in this workspace
                </button>
              )}
              {problems.length > 0 && <span className="button-row__status">Fix the problems above before saving.</span>}
            </div>
            <div role="status" aria-live="polite">
              {saved !== null && (
                <>
                  <p className="specs__saved">{saved.message}</p>
                  {saved.changes.length > 0 && (
                    <ul className="specs__changes">
                      {saved.changes.map((change) => (
                        <li key={describeChange(change)}>{describeChange(change)}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
              {kept !== null && (
                <>
                  <p className="specs__saved">{kept.message}</p>
                  {kept.changes.length > 0 && (
                    <ul className="specs__changes">
                      {kept.changes.map((change) => (
                        <li key={change}>{change}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  );

  function moveSelected(offset: -1 | 1) {
    if (draft === null) return;
    const moved = moveField(draft, selected, offset);
    if (moved === draft) return;
    setDraft(moved);
    setSelected(selected + offset);
  }
}

function checkStatus(check: CheckState, problemCount: number, samplePath: string | null): string {
  if (problemCount > 0) return `Live check paused: ${problemCount} ${problemCount === 1 ? 'problem' : 'problems'} in the draft`;
  if (samplePath === null) return 'No sample to check';
  switch (check.state) {
    case 'idle':
    case 'checking':
      return 'Checking the sample…';
    case 'failed':
      return 'The sample could not be checked';
    case 'done':
      return `Live check: ${check.report.totals.errors.toLocaleString('en-GB')} errors, ${check.report.totals.warnings.toLocaleString('en-GB')} warnings in ${check.report.totals.rowsChecked.toLocaleString('en-GB')} rows`;
  }
}
