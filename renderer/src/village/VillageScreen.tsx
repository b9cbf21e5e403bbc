import { useState } from 'react';
import type { VillageJson } from '../../../shared/village';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { downloadBytes } from '../charts/download';
import { formatDisplay } from '../charts/figures';
import { ProblemNotice } from '../components/ProblemNotice';
import { MapPanel } from '../maps/MapPanel';
import { villageMapMeasure } from '../maps/village-map-measure';
import { formatTimestamp } from '../explore/format';
import { useRecipeRuns, runRequest } from '../recipes/recipe-runs';
import { OpenReportButton } from '../recipes/OpenReportButton';
import { RunPicker } from '../recipes/RunPicker';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { Pictogram, PictogramKey } from './Pictogram';
import { categoryOrderOf, cityOf, localitiesOf, parseViewKey, PARTITION_LABELS, pictogramModel, sizeText, villageSizesOf, viewKey, type VillageView } from './pictogram-model';
import { useVillage } from './use-village';
import { VillagePanel } from './VillagePanel';

const LAST_VIEW = 'village-view';
const LAST_LOCALITY = 'village-locality';
const LAST_SIZE = 'village-size';

function VillageContent({ village, runId }: { readonly village: VillageJson; readonly runId: string }) {
  const api = useWorkbenchApi();
  const city = cityOf(village);
  const localities = localitiesOf(village);
  const firstPartition = village.village.partitions[0];
  const fallbackView: VillageView = firstPartition ? { kind: 'partition', partition: firstPartition } : { kind: 'indicator', id: village.indicators[0]?.id ?? '' };
  const [viewText, setViewText] = useState(() => readPreference(browserPreferenceStore(), LAST_VIEW) ?? viewKey(fallbackView));
  const [localityName, setLocalityName] = useState(() => readPreference(browserPreferenceStore(), LAST_LOCALITY) ?? localities[0]?.name ?? '');
  const [exportStatus, setExportStatus] = useState('');
  const [multiplesTable, setMultiplesTable] = useState(false);
  const sizes = villageSizesOf(village);
  const [sizeChoice, setSizeChoice] = useState(() => Number(readPreference(browserPreferenceStore(), LAST_SIZE) ?? village.village.size));
  const size = sizes.includes(sizeChoice) ? sizeChoice : village.village.size;
  const view = parseViewKey(viewText, village) ?? fallbackView;
  const locality = localities.find((area) => area.name === localityName) ?? localities[0] ?? null;
  const order = categoryOrderOf(village, view);
  const cityModel = city ? pictogramModel(village, city, view, order, size) : null;
  const localityModel = locality ? pictogramModel(village, locality, view, order, size) : null;
  const multiples = localities.map((area) => ({ area, model: pictogramModel(village, area, view, order, size) }));
  const tableColumns = multiples[0]?.model.segments ?? cityModel?.segments ?? [];

  function changeView(next: string) {
    setViewText(next);
    writePreference(browserPreferenceStore(), LAST_VIEW, next);
  }

  function chooseSize(next: number) {
    setSizeChoice(next);
    writePreference(browserPreferenceStore(), LAST_SIZE, String(next));
  }

  function chooseLocality(name: string) {
    setLocalityName(name);
    writePreference(browserPreferenceStore(), LAST_LOCALITY, name);
  }

  async function exportFile(kind: 'village' | 'report') {
    const what = kind === 'village' ? 'workbook' : 'report';
    setExportStatus(`Preparing the ${what}…`);
    const result = await api.exportView({ view: { kind, ...runRequest(runId) }, format: kind === 'village' ? 'xlsx' : 'html' });
    if (!result.ok) {
      setExportStatus(`The ${what} could not be made: ${result.error.message} Try again.`);
      return;
    }
    downloadBytes(result.value.bytes, result.value.fileName, result.value.mediaType);
    const opens = kind === 'report' ? ' It opens offline in any browser and prints on A4.' : '';
    setExportStatus(`Saved ${result.value.fileName} to your downloads folder. Small numbers in it are suppressed.${opens}`);
  }

  return (
    <>
      <section className="panel" aria-labelledby="village-choose-heading">
        <h2 id="village-choose-heading" className="panel__title">
          {village.title}
        </h2>
        <p className="panel__hint">
          Reference date {village.referenceDate}; figures published {formatTimestamp(village.generatedAt)} from {village.recipe.file}.
        </p>
        <div className="filters village__controls">
          <div className="field">
            <label htmlFor="village-view">Show</label>
            <select id="village-view" className="select" value={viewKey(view)} onChange={(event) => changeView(event.target.value)}>
              <optgroup label="Who lives in the village">
                {village.village.partitions.map((partition) => (
                  <option key={partition} value={viewKey({ kind: 'partition', partition })}>
                    {PARTITION_LABELS[partition]}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Indicators">
                {village.indicators.map((indicator) => (
                  <option key={indicator.id} value={viewKey({ kind: 'indicator', id: indicator.id })}>
                    {indicator.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div className="field">
            <label htmlFor="village-locality">Locality beside the city</label>
            <select id="village-locality" className="select" value={locality?.name ?? ''} onChange={(event) => chooseLocality(event.target.value)}>
              {localities.map((area) => (
                <option key={area.code} value={area.name}>
                  {area.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="village__size">
            <legend>Village of</legend>
            {sizes.map((option) => (
              <label key={option}>
                <input type="radio" name="village-size" value={option} checked={option === size} onChange={() => chooseSize(option)} />
                {sizeText(option)}
              </label>
            ))}
          </fieldset>
          <div className="village__export">
            <button type="button" className="button button--secondary" onClick={() => void exportFile('village')}>
              Download village data (xlsx)
            </button>
            <button type="button" className="button button--secondary" onClick={() => void exportFile('report')}>
              Download the report (report.html)
            </button>
            <p className="button-row__status" role="status" aria-live="polite">
              {exportStatus}
            </p>
            <OpenReportButton id="village-open-report" runId={runId} />
          </div>
        </div>
      </section>

      <div className="village__pair">
        {cityModel && <VillagePanel headingId="village-city-heading" model={cityModel} suppressionRule={village.suppression.rule} referenceDate={village.referenceDate} />}
        {localityModel && <VillagePanel headingId="village-locality-heading" model={localityModel} suppressionRule={village.suppression.rule} referenceDate={village.referenceDate} />}
      </div>

      <MapPanel village={village} runId={runId} idPrefix="village" heading="The city by area" highlight={locality?.name ?? null} preferredMeasure={villageMapMeasure(village, view)} onChooseLocality={chooseLocality} />

      <section className="panel" aria-labelledby="village-multiples-heading">
        <div className="panel__header">
          <h2 id="village-multiples-heading" className="panel__title">
            All {localities.length} localities: {cityModel?.viewLabel ?? ''}
          </h2>
          <button type="button" className="button button--secondary button--small" aria-expanded={multiplesTable} aria-controls="village-multiples-table" onClick={() => setMultiplesTable((shown) => !shown)}>
            {multiplesTable ? 'Hide table' : 'Show as table'}
          </button>
        </div>
        <p className="panel__hint">
          Hover over a village, or move to it with Tab and use the arrow keys, to see the count, denominator and source of each category; choose one to set
          it beside the city.
        </p>
        {cityModel && <PictogramKey model={cityModel} />}
        <ul className="village__multiples">
          {multiples.map(({ area, model }) => (
            <li key={area.code} className="village__multiple">
              <h3 className="village__multiple-title">{area.name}</h3>
              <Pictogram model={model} compact />
              <button type="button" className="button button--secondary button--small" aria-pressed={area.name === locality?.name} onClick={() => chooseLocality(area.name)}>
                {area.name === locality?.name ? 'Beside the city' : 'Set beside the city'}
                <span className="visually-hidden">: {area.name}</span>
              </button>
            </li>
          ))}
        </ul>
        <div id="village-multiples-table" hidden={!multiplesTable} className="table-scroll" role="region" aria-label="Villagers in each locality as a table" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">Villagers of {sizeText(size)} in each locality</caption>
            <thead>
              <tr>
                <th scope="col">Locality</th>
                {tableColumns.map((segment) => (
                  <th key={segment.key} scope="col" className="numeric">
                    {segment.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {multiples.map(({ area, model }) => (
                <tr key={area.code}>
                  <th scope="row">{area.name}</th>
                  {tableColumns.map((column) => (
                    <td key={column.key} className="numeric">
                      {model.segments.find((segment) => segment.label === column.label)?.villagers ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="village-sources-heading">
        <h2 id="village-sources-heading" className="panel__title">
          Sources and disclosure control
        </h2>
        <p className="village__rule">{village.suppression.rule}</p>
        <div className="table-scroll" role="region" aria-label="Sources of these figures" tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">Sources of these figures</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">File</th>
                <th scope="col">Specification</th>
                <th scope="col" className="numeric">
                  Rows imported
                </th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {village.sources.map((source) => (
                <tr key={source.id}>
                  <th scope="row" className="mono">
                    {source.id}
                  </th>
                  <td>
                    {source.file}
                    {source.sheet === null ? '' : ` (${source.sheet})`}
                  </td>
                  <td className="mono">{source.specId}</td>
                  <td className="numeric">{formatDisplay(String(source.rowsImported))}</td>
                  <td className="facts__hash">
                    {/* The first 12 characters are enough to tell files apart on screen; the whole hash is in the tooltip and read out. */}
                    <span aria-hidden="true" title={source.sha256}>
                      {source.sha256.slice(0, 12)}…
                    </span>
                    <span className="visually-hidden">{source.sha256}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export function VillageScreen() {
  const { state: runs } = useRecipeRuns();
  const [runId, setRunId] = useState('');
  const [attempt, setAttempt] = useState(0);
  const state = useVillage(runId, attempt);

  return (
    <div className="screen screen--flow village">
      <div className="screen__header">
        <div>
          <h1 className="screen__title">Village of 100</h1>
          <p className="screen__lede">
            If Birmingham were a village of 100 children and young people (or of 1,000, to tell rare groups apart): the city and a locality side by side, by sex, age, ethnicity or an indicator. Every figure is the
            engine’s, after small numbers were suppressed.
          </p>
        </div>
        {runs.status === 'ready' && runs.runs.length > 0 && <RunPicker id="village-run" runs={runs.runs} value={runId} onChange={setRunId} />}
      </div>
      {state.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the village…
        </p>
      )}
      {state.status === 'no-run' && (
        <p className="callout" role="status">
          {state.message} Open a recipe on the Recipes screen (Alt+8) and run it; the village appears here when it finishes.
        </p>
      )}
      <ProblemNotice
        title="The village could not be loaded"
        error={state.status === 'failed' ? state.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {state.status === 'ready' && <VillageContent key={state.village.generatedAt} village={state.village} runId={runId} />}
    </div>
  );
}
