import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { MAX_DROPPED_FILES, tableNameSchema, type AddSourceToRecipeRequest, type FilePreview, type ImportRequest, type ImportResult, type JobProgress as Progress } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import type { Specification } from '../../../shared/spec';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { jobOutcome, pollJob } from '../components/job-polling';
import { JobProgress } from '../components/JobProgress';
import { ProblemNotice } from '../components/ProblemNotice';
import { useWorkbenchNavigation } from '../shell/navigation-context';
import { editedMapping, mappingProblems } from './mapping-edits';
import { ImportSummary } from './ImportSummary';
import { MappingTable } from './MappingTable';
import { PreviewTable } from './PreviewTable';
import { fileNameOf, recipeSourceText } from './recipe-source';
import { bestFit, rankFits, specFit, type SpecFit } from './spec-ranking';

const PREVIEW_ROWS = 20;
/** How long the officer stays on a file in the list before it is read and previewed. */
const FILE_CHOICE_DELAY_MS = 400;

/** The select's value for importing a CSV as it is, without a specification. */
const NO_SPEC = '';

interface Problem {
  readonly title: string;
  readonly error: WorkbenchError;
}

interface SheetChoice {
  readonly name: string;
  readonly hidden: boolean;
}

/** Everything read from one file and sheet: the previews per specification and how well each fits. */
interface FileReading {
  readonly key: string;
  readonly previews: ReadonlyMap<string, FilePreview>;
  readonly fits: readonly SpecFit[];
}

interface RunningImport {
  readonly jobId: string;
  readonly progress: Progress;
  readonly cancelling: boolean;
}


function readingKey(path: string, sheet: string, headerRow: number | null): string {
  return JSON.stringify([path, sheet, headerRow]);
}

export function ImportScreen() {
  const api = useWorkbenchApi();
  const { navigateWith } = useWorkbenchNavigation();
  const [specs, setSpecs] = useState<readonly Specification[] | null>(null);
  const [files, setFiles] = useState<readonly string[]>([]);
  const [path, setPath] = useState<string | null>(null);
  // The radio the officer is on; the file is read once they stay on it, so arrowing through a long list
  // does not preview every file on the way.
  const [pendingPath, setPendingPath] = useState<string | null>(null);
  const [sheets, setSheets] = useState<readonly SheetChoice[] | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  /** The user's header row; null while the engine's detected one is used. */
  const [headerRow, setHeaderRow] = useState<number | null>(null);
  /** Rows of the sheet's top that hold something: the rows the header may be moved to. */
  const [headerCandidates, setHeaderCandidates] = useState<readonly number[]>([]);
  const [reading, setReading] = useState<FileReading | null>(null);
  const [specId, setSpecId] = useState<string>(NO_SPEC);
  const [edits, setEdits] = useState<ReadonlyMap<string, string | null>>(new Map());
  const [tableName, setTableName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [dropNotice, setDropNotice] = useState<WorkbenchError | null>(null);
  const [running, setRunning] = useState<RunningImport | null>(null);
  const [done, setDone] = useState<{ result: ImportResult; recipe: string | null; importDescription: AddSourceToRecipeRequest['import'] | null } | null>(null);
  const pollingRef = useRef<AbortController | null>(null);

  useEffect(() => {
    let current = true;
    void api.listSpecifications({}).then((result) => {
      if (!current) return;
      if (result.ok) setSpecs(result.value.specifications);
      else setProblem({ title: 'The specifications could not be loaded', error: result.error });
    });
    return () => {
      current = false;
    };
  }, [api]);

  // Stop following a running import when the screen is left; the import itself carries on in the engine.
  useEffect(() => () => pollingRef.current?.abort(), []);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    setSheets(null);
    setSheet(null);
    setHeaderRow(null);
    setHeaderCandidates([]);
    setBusy('Reading the sheets of the file…');
    void api.listSheets({ path }).then((result) => {
      if (!current) return;
      setBusy(null);
      if (!result.ok) {
        setProblem({ title: `${fileNameOf(path)} could not be opened`, error: result.error });
        return;
      }
      setSheets(result.value.sheets);
      const firstVisible = result.value.sheets.find((candidate) => !candidate.hidden) ?? result.value.sheets[0];
      setSheet(firstVisible?.name ?? null);
    });
    return () => {
      current = false;
    };
  }, [api, path]);

  useEffect(() => {
    if (path === null || sheet === null || specs === null) return;
    const key = readingKey(path, sheet, headerRow);
    const chosenHeader = headerRow === null ? {} : { headerRow };
    let current = true;
    setBusy(headerRow === null ? 'Reading the top of the file and suggesting a specification…' : `Reading the file with row ${headerRow} as its header…`);
    void (async () => {
      const previews = new Map<string, FilePreview>();
      const fits: SpecFit[] = [];
      const plain = await api.previewFile({ path, sheet, ...chosenHeader, maxRows: PREVIEW_ROWS });
      if (!current) return;
      if (!plain.ok) {
        setBusy(null);
        setProblem({ title: `${fileNameOf(path)} could not be previewed`, error: plain.error });
        return;
      }
      previews.set(NO_SPEC, plain.value);
      setHeaderCandidates(plain.value.rows.filter((row) => row.cells.some((cell) => cell.trim() !== '')).map((row) => row.rowNumber));
      // One at a time: the engine shares two cores with everything else, and each preview is quick.
      for (const spec of specs) {
        const preview = await api.previewFile({ path, sheet, specId: spec.id, ...chosenHeader, maxRows: PREVIEW_ROWS });
        if (!current) return;
        if (!preview.ok || preview.value.mapping === null) continue;
        previews.set(spec.id, preview.value);
        fits.push(specFit(spec, preview.value.mapping));
      }
      setBusy(null);
      setReading({ key, previews, fits: rankFits(fits) });
      setSpecId(bestFit(fits)?.specId ?? NO_SPEC);
      setEdits(new Map());
    })();
    return () => {
      current = false;
    };
  }, [api, path, sheet, specs, headerRow]);

  const currentReading = reading !== null && path !== null && sheet !== null && reading.key === readingKey(path, sheet, headerRow) ? reading : null;
  const spec = specs?.find((candidate) => candidate.id === specId) ?? null;
  const preview = currentReading?.previews.get(specId) ?? currentReading?.previews.get(NO_SPEC) ?? null;
  const suggestion = spec !== null ? (currentReading?.previews.get(spec.id)?.mapping ?? null) : null;
  const mapping = useMemo(() => (suggestion === null ? null : editedMapping(suggestion, edits)), [suggestion, edits]);
  const problems = spec !== null && mapping !== null ? mappingProblems(spec, mapping) : null;
  const best = currentReading === null ? null : bestFit(currentReading.fits);
  const tableNameCheck = tableName === '' ? null : tableNameSchema.safeParse(tableName);
  const tableNameError = tableNameCheck !== null && !tableNameCheck.success ? tableNameCheck.error.issues[0]?.message ?? 'This name cannot be used' : null;
  const firstDataRow = preview?.rows.find((row) => row.rowNumber >= preview.header.dataStartRowNumber)?.cells ?? [];

  async function chooseFiles() {
    setProblem(null);
    setDropNotice(null);
    const chosen = await api.chooseFiles({ purpose: 'import', multiple: true });
    if (!chosen.ok) {
      setProblem({ title: 'Files could not be chosen', error: chosen.error });
      return;
    }
    if (chosen.value.paths.length === 0) return;
    setFiles(chosen.value.paths);
    setDone(null);
    setPath(chosen.value.paths.length === 1 ? (chosen.value.paths[0] ?? null) : null);
  }

  function pickFile(next: string) {
    setProblem(null);
    setDone(null);
    setReading(null);
    setPendingPath(null);
    setPath(next);
  }

  useEffect(() => {
    if (pendingPath === null || pendingPath === path) return;
    const timer = setTimeout(() => pickFile(pendingPath), FILE_CHOICE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [pendingPath, path]);

  function chooseSheet(next: string) {
    setSheet(next);
    setHeaderRow(null);
    setHeaderCandidates([]);
  }

  /** A drop hands the files to the shell, which makes them importable exactly as if chosen in the dialog. */
  async function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    const dropped = Array.from(event.dataTransfer.files);
    if (dropped.length === 0 || running !== null) return;
    setProblem(null);
    setDropNotice(null);
    if (dropped.length > MAX_DROPPED_FILES) {
      setDropNotice({ code: 'invalid-request', message: `${dropped.length} files were dropped; drop at most ${MAX_DROPPED_FILES} at a time.` });
      return;
    }
    setBusy(`Taking ${dropped.length === 1 ? dropped[0]?.name : `${dropped.length} files`}…`);
    const accepted = await api.acceptDroppedFiles({ files: dropped });
    setBusy(null);
    if (!accepted.ok) {
      setDropNotice(accepted.error);
      return;
    }
    setFiles(accepted.value.paths);
    setDone(null);
    setReading(null);
    setPath(accepted.value.paths.length === 1 ? (accepted.value.paths[0] ?? null) : null);
  }

  function changeSpec(next: string) {
    setSpecId(next);
    setEdits(new Map());
  }

  function changeMapping(sourceLabel: string, field: string | null) {
    setEdits((previous) => new Map(previous).set(sourceLabel, field));
  }

  async function runImport() {
    if (path === null || sheet === null || tableNameError !== null) return;
    setProblem(null);
    const request: ImportRequest = {
      path,
      ...(tableName === '' ? {} : { tableName }),
      ...(headerRow === null ? {} : { headerRow }),
      ...(spec !== null && mapping !== null ? { sheet, specId: spec.id, mapping } : {}),
    };
    const started = await api.startImport(request);
    if (!started.ok) {
      setProblem({ title: 'The import could not start', error: started.error });
      return;
    }
    const { jobId } = started.value;
    const controller = new AbortController();
    pollingRef.current = controller;
    setRunning({ jobId, progress: { phase: 'starting', rows: 0, bytesRead: 0, totalBytes: 0 }, cancelling: false });
    const final = await pollJob(api, jobId, {
      kind: 'import',
      signal: controller.signal,
      onProgress: (status) => setRunning((previous) => (previous === null ? null : { ...previous, progress: status.progress })),
    });
    if (controller.signal.aborted) return;
    setRunning(null);
    const outcome = final.ok ? jobOutcome(final.value) : final;
    if (!outcome.ok) {
      setProblem({ title: outcome.error.code === 'cancelled' ? 'The import was cancelled; the workspace is unchanged' : 'The import did not finish', error: outcome.error });
      return;
    }
    // Only a specification import can be a recipe source: recipes import with a specification.
    const importDescription: AddSourceToRecipeRequest['import'] | null =
      spec !== null && mapping !== null
        ? { path, table: outcome.value.table, sheet, ...(headerRow === null ? {} : { headerRow }), specId: spec.id, mapping }
        : null;
    const recipe =
      spec !== null && mapping !== null
        ? recipeSourceText({ table: outcome.value.table, filePath: path, sheet: outcome.value.provenance.sheet, headerRow, specId: spec.id, mapping })
        : null;
    setDone({ result: outcome.value, recipe, importDescription });
  }

  async function cancelImport() {
    if (running === null) return;
    setRunning({ ...running, cancelling: true });
    const cancelled = await api.cancelJob({ jobId: running.jobId });
    if (!cancelled.ok) setProblem({ title: 'The import could not be cancelled', error: cancelled.error });
  }

  function reset() {
    setDone(null);
    setFiles([]);
    setPath(null);
    setSheets(null);
    setSheet(null);
    setHeaderRow(null);
    setHeaderCandidates([]);
    setReading(null);
    setTableName('');
  }

  const specTitle = (id: string): string => specs?.find((candidate) => candidate.id === id)?.title ?? id;
  const fitsById = new Map((currentReading?.fits ?? []).map((fit) => [fit.specId, fit]));
  const orderedSpecs = [...(specs ?? [])].sort((a, b) => {
    const order = currentReading?.fits.map((fit) => fit.specId) ?? [];
    const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length);
    return rank(a.id) - rank(b.id);
  });

  return (
    <div className="screen screen--flow import">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Import</h1>
          <p className="screen__lede">
            Bring a partner’s extract into the workspace. Check the first rows, confirm the specification and how its columns map, then import: identifiers are
            pseudonymised and every problem is recorded for Validate.
          </p>
        </div>
      </div>

      <ProblemNotice title={problem?.title ?? ''} error={problem?.error ?? null} />

      {done !== null ? (
        <ImportSummary
          result={done.result}
          recipeSource={done.recipe}
          importDescription={done.importDescription}
          onOpenValidation={() => done.result.validation && navigateWith('validate', { table: done.result.table, importId: done.result.validation.importId })}
          onOpenExplore={() => navigateWith('explore', { table: done.result.table })}
          onImportAnother={reset}
        />
      ) : (
        <>
          <section className="panel step" aria-labelledby="step-file">
            <h2 id="step-file" className="panel__title">
              1. Choose a file
            </h2>
            <div className="drop-zone" onDragOver={(event) => event.preventDefault()} onDrop={(event) => void onDrop(event)}>
              <button type="button" className="button" onClick={() => void chooseFiles()} disabled={running !== null}>
                Choose files…
              </button>
              <p className="drop-zone__hint">CSV or Excel workbooks (.csv, .xlsx, .xls): choose them, or drop them here.</p>
            </div>
            {path === null && busy !== null && (
              <p className="panel__hint" role="status">
                {busy}
              </p>
            )}
            <ProblemNotice title="The dropped files could not be taken" error={dropNotice} />
            {files.length > 1 && (
              <fieldset className="file-choice">
                <legend>Which file do you want to import?</legend>
                {files.map((file) => (
                  <label key={file} className="file-choice__option">
                    <input type="radio" name="import-file" value={file} checked={file === (pendingPath ?? path)} onChange={() => setPendingPath(file)} disabled={running !== null} />
                    {fileNameOf(file)}
                  </label>
                ))}
              </fieldset>
            )}
            {files.length === 1 && path !== null && (
              <p className="step__chosen">
                Chosen: <strong>{fileNameOf(path)}</strong>
              </p>
            )}
          </section>

          {path !== null && (
            <section className="panel step" aria-labelledby="step-sheet">
              <h2 id="step-sheet" className="panel__title">
                2. Sheet and first rows
              </h2>
              {sheets !== null && sheets.length > 1 && (
                <div className="field">
                  <label htmlFor="sheet-select">Sheet</label>
                  <select id="sheet-select" className="select" value={sheet ?? ''} onChange={(event) => chooseSheet(event.target.value)} disabled={running !== null}>
                    {sheets.map((candidate) => (
                      <option key={candidate.name} value={candidate.name}>
                        {candidate.name}
                        {candidate.hidden ? ' (hidden in Excel)' : ''}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              {sheets !== null && sheets.length === 1 && <p className="step__chosen">Sheet: {sheets[0]?.name}</p>}
              {busy !== null && (
                <p className="panel__hint" role="status">
                  {busy}
                </p>
              )}
              {headerCandidates.length > 0 && (
                <div className="field">
                  <label htmlFor="header-row-select">Header row</label>
                  <select
                    id="header-row-select"
                    className="select"
                    value={headerRow === null ? '' : String(headerRow)}
                    onChange={(event) => setHeaderRow(event.target.value === '' ? null : Number(event.target.value))}
                    aria-describedby="header-row-hint"
                    disabled={running !== null}
                  >
                    <option value="">Found by the workbench</option>
                    {headerCandidates.map((rowNumber) => (
                      <option key={rowNumber} value={String(rowNumber)}>
                        Row {rowNumber}
                      </option>
                    ))}
                  </select>
                  <p id="header-row-hint" className="field__hint">
                    The row that holds the column titles (the lower one where group titles sit above them), numbered as Excel numbers rows. Rows above it are left
                    out of the import.
                  </p>
                </div>
              )}
              {preview !== null && <PreviewTable preview={preview} headerChosen={headerRow !== null} />}
            </section>
          )}

          {currentReading !== null && specs !== null && (
            <section className="panel step" aria-labelledby="step-spec">
              <h2 id="step-spec" className="panel__title">
                3. Specification and column mapping
              </h2>
              <div className="field">
                <label htmlFor="spec-select">Data-sharing specification</label>
                <select id="spec-select" className="select" value={specId} onChange={(event) => changeSpec(event.target.value)} aria-describedby="spec-hint" disabled={running !== null}>
                  {orderedSpecs.map((candidate) => (
                    <option key={candidate.id} value={candidate.id}>
                      {candidate.title} ({candidate.agency}){candidate.id === best?.specId ? ' (suggested)' : ''}
                    </option>
                  ))}
                  <option value={NO_SPEC}>No specification: load a CSV file as it is</option>
                </select>
                <p id="spec-hint" className="field__hint">
                  {best === null
                    ? 'No specification matches the columns of this file. Choose one, or load a CSV file as it is.'
                    : `Suggested: ${specTitle(best.specId)}, which takes ${best.mappedColumns} of the file’s ${currentReading.previews.get(best.specId)?.header.labels.length ?? 0} columns.`}
                  {spec !== null && fitsById.get(spec.id)?.requiredUnmapped ? ` ${spec.title} has required fields no column feeds.` : ''}
                </p>
              </div>
              {spec !== null && suggestion !== null && mapping !== null ? (
                <>
                  <MappingTable spec={spec} suggestion={suggestion} mapping={mapping} example={firstDataRow} onChange={changeMapping} />
                  {problems !== null && (problems.requiredUnmapped.length > 0 || problems.mappedTwice.length > 0) && (
                    <div className="callout" role="status">
                      {problems.requiredUnmapped.length > 0 && <p>Required fields no column feeds: {problems.requiredUnmapped.join(', ')}. The import will report them as missing.</p>}
                      {problems.mappedTwice.length > 0 && <p>Fed by more than one column: {problems.mappedTwice.join(', ')}. Choose one column for each field.</p>}
                    </div>
                  )}
                </>
              ) : (
                <p className="panel__hint">Without a specification the file is loaded as it is: no types, no pseudonymisation and no validation. Workbooks need a specification.</p>
              )}
            </section>
          )}

          {currentReading !== null && (
            <section className="panel step" aria-labelledby="step-import">
              <h2 id="step-import" className="panel__title">
                4. Import
              </h2>
              <div className="field">
                <label htmlFor="table-name">Table name (optional)</label>
                <input
                  id="table-name"
                  className="input"
                  value={tableName}
                  onChange={(event) => setTableName(event.target.value)}
                  aria-invalid={tableNameError !== null}
                  aria-describedby="table-name-hint"
                  spellCheck={false}
                  autoComplete="off"
                  disabled={running !== null}
                />
                <p id="table-name-hint" className={tableNameError === null ? 'field__hint' : 'field__hint field__hint--problem'}>
                  {tableNameError ?? 'Leave empty to name the table after the file. A table of the same name is replaced only when the import succeeds.'}
                </p>
              </div>
              {running === null ? (
                <button type="button" className="button" onClick={() => void runImport()} disabled={tableNameError !== null}>
                  Import {path === null ? '' : fileNameOf(path)}
                </button>
              ) : (
                <JobProgress label={`Importing ${path === null ? '' : fileNameOf(path)}`} progress={running.progress} cancelling={running.cancelling} onCancel={() => void cancelImport()} />
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}
