import { useRef, useState, type KeyboardEvent } from 'react';
import type { VillageJson } from '../../../shared/village';
import { MapPanel } from '../maps/MapPanel';
import { browserPreferenceStore, readPreference, writePreference } from '../shell/stored-preference';
import { FrameworkTable } from './FrameworkTable';
import { LocalityProfile } from './LocalityProfile';
import type { OutcomesModel } from './outcomes-view';
import { TrendPanel } from './TrendPanel';
import './outcomes.css';

export type OutcomesTab = 'profile' | 'trends' | 'framework';

export const OUTCOMES_TABS: readonly { readonly id: OutcomesTab; readonly label: string }[] = [
  { id: 'profile', label: 'Locality profile' },
  { id: 'trends', label: 'Trends' },
  { id: 'framework', label: 'City framework' },
];

const LAST_TAB = 'outcomes-tab';
const LAST_LOCALITY = 'outcomes-locality';
const LAST_INDICATOR = 'outcomes-indicator';

function isTab(value: string | null): value is OutcomesTab {
  return OUTCOMES_TABS.some((tab) => tab.id === value);
}

interface OutcomesPageProps {
  readonly model: OutcomesModel;
  /** The run's village.json and id, for the maps of its latest period (their figures and boundaries). */
  readonly village: VillageJson;
  readonly runId: string;
  /**
   * Saves the engine's export of the page: the workbook (a sheet per view and "About this data") or the
   * self-contained printable page; resolves to the status line.
   */
  readonly onExport: (format: 'xlsx' | 'html', tab: OutcomesTab, locality: string) => Promise<string>;
}

/**
 * The Outcomes page: three views of the run series under one heading (a locality profile, a trend chart per
 * indicator, the city's framework table), the confidence level, and the page's exports: print (A4, or a PDF from
 * the print dialog) and the engine's workbook. The title, periods, sources, method notes and suppression rule
 * are on the page itself, so they print with it.
 */
export function OutcomesPage({ model: view, village, runId, onExport }: OutcomesPageProps) {
  const store = browserPreferenceStore();
  const indicators = view.outcomes.flatMap((outcome) => outcome.indicators);
  const [tab, setTab] = useState<OutcomesTab>(() => {
    const remembered = readPreference(store, LAST_TAB);
    return isTab(remembered) ? remembered : 'profile';
  });
  const [localityCode, setLocalityCode] = useState(() => readPreference(store, LAST_LOCALITY) ?? view.localities[0]?.code ?? '');
  const [indicatorId, setIndicatorId] = useState(() => readPreference(store, LAST_INDICATOR) ?? indicators[0]?.id ?? '');
  const [trendAreas, setTrendAreas] = useState<readonly string[]>(() => [localityCode]);
  const [level, setLevel] = useState(view.levels[0] ?? '');
  const [status, setStatus] = useState('');
  const tabRefs = useRef<Partial<Record<OutcomesTab, HTMLButtonElement | null>>>({});

  const locality = view.localities.find((area) => area.code === localityCode) ?? view.localities[0] ?? null;
  const indicator = indicators.find((entry) => entry.id === indicatorId) ?? indicators[0] ?? null;
  const chosenTrendAreas = view.localities.filter((area) => trendAreas.includes(area.code));
  const latestLabel = view.periods[view.periods.length - 1]?.label ?? '';
  const periodText =
    view.periods.length > 1 ? `${view.periods.length} periods, ${view.periods[0]?.label ?? ''} to ${latestLabel}; the figures shown are the latest, ${latestLabel}.` : `One period, ${latestLabel}: trends begin when the recipe is run for another period.`;
  const tabLabel = OUTCOMES_TABS.find((entry) => entry.id === tab)?.label ?? '';
  const subject = tab === 'profile' ? (locality?.name ?? '') : tab === 'trends' ? (indicator?.name ?? '') : view.city.name;

  function chooseTab(next: OutcomesTab, focus: boolean) {
    setTab(next);
    writePreference(store, LAST_TAB, next);
    if (focus) tabRefs.current[next]?.focus();
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = OUTCOMES_TABS.findIndex((entry) => entry.id === tab);
    const last = OUTCOMES_TABS.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = OUTCOMES_TABS[next];
    if (target !== undefined) chooseTab(target.id, true);
  }

  function chooseLocality(code: string) {
    setLocalityCode(code);
    writePreference(store, LAST_LOCALITY, code);
  }

  /** A map reports the locality an area is in by name; the page keeps the locality's code. */
  function chooseLocalityByName(name: string) {
    const area = view.localities.find((entry) => entry.name === name || entry.code === name);
    if (area !== undefined) chooseLocality(area.code);
  }

  function chooseIndicator(id: string) {
    setIndicatorId(id);
    writePreference(store, LAST_INDICATOR, id);
  }

  function toggleTrendArea(code: string) {
    setTrendAreas((current) => (current.includes(code) ? current.filter((entry) => entry !== code) : [...current, code]));
  }

  async function exportPage(format: 'xlsx' | 'html') {
    setStatus(format === 'xlsx' ? 'Preparing the workbook…' : 'Preparing the printable page…');
    setStatus(await onExport(format, tab, locality?.name ?? ''));
  }

  return (
    <div className="outcomes-page" data-tab={tab}>
      <div className="outcomes-tabs no-print" role="tablist" aria-label="Outcomes views">
        {OUTCOMES_TABS.map((entry) => (
          <button
            key={entry.id}
            ref={(element) => {
              tabRefs.current[entry.id] = element;
            }}
            type="button"
            role="tab"
            id={`outcomes-tab-${entry.id}`}
            aria-selected={entry.id === tab}
            aria-controls="outcomes-tabpanel"
            tabIndex={entry.id === tab ? 0 : -1}
            className="outcomes-tabs__tab"
            onClick={() => chooseTab(entry.id, false)}
            onKeyDown={onTabKey}
          >
            {entry.label}
          </button>
        ))}
      </div>

      <section className="panel outcomes-controls no-print" aria-label="Choose what the page shows">
        <div className="filters">
          {tab === 'profile' && (
            <div className="field">
              <label htmlFor="outcomes-locality">Locality</label>
              <select id="outcomes-locality" className="select" value={locality?.code ?? ''} onChange={(event) => chooseLocality(event.target.value)}>
                {view.localities.map((area) => (
                  <option key={area.code} value={area.code}>
                    {area.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {tab === 'trends' && (
            <div className="field">
              <label htmlFor="outcomes-indicator">Indicator</label>
              <select id="outcomes-indicator" className="select" value={indicator?.id ?? ''} onChange={(event) => chooseIndicator(event.target.value)}>
                {view.outcomes.map((outcome) => (
                  <optgroup key={outcome.id} label={outcome.name}>
                    {outcome.indicators.map((entry) => (
                      <option key={entry.id} value={entry.id}>
                        {entry.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="outcomes-level">Confidence</label>
            <select id="outcomes-level" className="select" value={level} onChange={(event) => setLevel(event.target.value)}>
              {view.levels.map((entry) => (
                <option key={entry} value={entry}>
                  {entry}
                </option>
              ))}
            </select>
          </div>
          <div className="outcomes-controls__export">
            <button type="button" className="button button--secondary button--small" onClick={() => window.print()}>
              Print / save as PDF
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => void exportPage('xlsx')}>
              Download this page (xlsx)
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => void exportPage('html')}>
              Download the printable page (html)
            </button>
          </div>
        </div>
        <p className="outcomes-controls__status" role="status" aria-live="polite">
          {status}
        </p>
        {tab === 'trends' && (
          <fieldset className="outcomes-areas">
            <legend>Localities beside {view.city.name}</legend>
            {view.localities.map((area) => (
              <label key={area.code} className="outcomes-areas__choice">
                <input type="checkbox" checked={trendAreas.includes(area.code)} onChange={() => toggleTrendArea(area.code)} /> {area.name}
              </label>
            ))}
          </fieldset>
        )}
      </section>

      <div id="outcomes-tabpanel" role="tabpanel" aria-labelledby={`outcomes-tab-${tab}`} className="outcomes-tabpanel">
        <header className="outcomes-heading">
          <h2 className="outcomes-heading__title">
            {view.title}: {tabLabel}, {subject}
          </h2>
          <p className="outcomes-heading__period">
            {periodText} Comparisons with {view.city.name} at {level} confidence; changes between periods at 95%.
          </p>
        </header>
        {tab === 'profile' && locality !== null && <LocalityProfile view={view} locality={locality} level={level} />}
        {tab === 'trends' && indicator !== null && <TrendPanel view={view} indicator={indicator} localities={chosenTrendAreas} level={level} />}
        {tab === 'framework' && <FrameworkTable view={view} level={level} />}
        {tab !== 'trends' && (
          <MapPanel
            key={tab}
            village={village}
            runId={runId}
            idPrefix={`outcomes-${tab}`}
            heading={tab === 'profile' ? `${locality?.name ?? ''} on the map, ${village.period.label}` : `The localities on the map, ${village.period.label}`}
            highlight={locality?.name ?? null}
            preferredMeasure={indicator === null ? null : { kind: 'indicator', id: indicator.id }}
            onChooseLocality={chooseLocalityByName}
          />
        )}
        <AboutTheseFigures view={view} />
      </div>
    </div>
  );
}

function AboutTheseFigures({ view }: { readonly view: OutcomesModel }) {
  return (
    <section className="panel outcomes-about" aria-labelledby="outcomes-about-heading">
      <h3 id="outcomes-about-heading" className="panel__title">
        About these figures
      </h3>
      <h4 className="outcomes-about__heading">Suppression</h4>
      <p className="village__rule">{view.suppressionRule}</p>
      <h4 className="outcomes-about__heading">Methods</h4>
      <ul className="outcomes-about__list">
        {view.methodNotes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <h4 className="outcomes-about__heading">Sources</h4>
      <ul className="outcomes-about__list">
        {view.sources.map((source) => (
          <li key={source}>{source}</li>
        ))}
      </ul>
    </section>
  );
}
