import { useMemo, useState } from 'react';
import { choroplethFigures, type MapLevel, type MapMeasure, mapMeasures, measureKey } from '../../../shared/maps';
import type { VillageJson } from '../../../shared/village';
import { ProblemNotice } from '../components/ProblemNotice';
import { ChoroplethMap } from './ChoroplethMap';
import { useMapBoundaries } from './use-map-boundaries';

interface MapPanelProps {
  readonly village: VillageJson;
  readonly runId: string;
  /** Prefix of the panel's element ids (several screens mount one). */
  readonly idPrefix: string;
  readonly heading: string;
  /** The locality drawn with a heavy border (the one chosen beside the city). */
  readonly highlight?: string | null;
  /** What to map first, when the run has it at the level shown. */
  readonly preferredMeasure?: MapMeasure | null;
  /** Pressing an area chooses its locality (the Village screen's locality beside the city). */
  readonly onChooseLocality?: (locality: string) => void;
}

/**
 * The map of a run: localities or wards, coloured by any indicator published at that level or (localities)
 * any village category's villagers of 100, with the chosen locality highlighted.
 */
export function MapPanel({ village, runId, idPrefix, heading, highlight = null, preferredMeasure = null, onChooseLocality }: MapPanelProps) {
  const [attempt, setAttempt] = useState(0);
  const boundaries = useMapBoundaries(runId, attempt);
  const hasWards = village.areas.some((area) => area.level === 'ward');
  const [level, setLevel] = useState<MapLevel>('locality');
  const measures = useMemo(() => mapMeasures(village, level), [village, level]);
  const preferredKey = preferredMeasure === null ? '' : measureKey(preferredMeasure);
  const [chosenKey, setChosenKey] = useState<string>(preferredKey);
  // The screen's own choice (the Village screen's view) moves the map with it; the map's select can still differ.
  const [followedKey, setFollowedKey] = useState(preferredKey);
  if (followedKey !== preferredKey) {
    setFollowedKey(preferredKey);
    setChosenKey(preferredKey);
  }
  const chosen = measures.find((entry) => measureKey(entry.measure) === chosenKey) ?? measures[0];
  const figures = useMemo(() => (chosen === undefined ? null : choroplethFigures(village, level, chosen.measure)), [village, level, chosen]);
  const headingId = `${idPrefix}-map-heading`;
  const shapes = boundaries.status === 'ready' ? (level === 'ward' ? boundaries.boundaries.wards : boundaries.boundaries.localities) : [];

  return (
    <section className="panel map-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {heading}
      </h2>
      <div className="filters map-panel__controls">
        <fieldset className="segmented">
          <legend className="segmented__legend">Areas</legend>
          <label className="segmented__option">
            <input type="radio" name={`${idPrefix}-map-level`} value="locality" checked={level === 'locality'} onChange={() => setLevel('locality')} />
            Localities
          </label>
          <label className="segmented__option">
            <input type="radio" name={`${idPrefix}-map-level`} value="ward" checked={level === 'ward'} disabled={!hasWards} onChange={() => setLevel('ward')} />
            Wards{hasWards ? '' : ' (no ward figures in this run)'}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${idPrefix}-map-measure`}>Colour by</label>
          <select id={`${idPrefix}-map-measure`} className="select" value={chosen === undefined ? '' : measureKey(chosen.measure)} onChange={(event) => setChosenKey(event.target.value)}>
            {measures.map((entry) => (
              <option key={measureKey(entry.measure)} value={measureKey(entry.measure)}>
                {entry.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {boundaries.status === 'loading' && (
        <p className="panel__hint" role="status">
          Loading the boundaries…
        </p>
      )}
      <ProblemNotice
        title="The map could not be drawn"
        error={boundaries.status === 'failed' ? boundaries.error : null}
        actions={
          <button type="button" className="button" onClick={() => setAttempt((count) => count + 1)}>
            Try again
          </button>
        }
      />
      {boundaries.status === 'ready' && figures !== null && (
        <ChoroplethMap
          figures={figures}
          shapes={shapes}
          {...(level === 'ward' ? { outlines: boundaries.boundaries.localities } : {})}
          highlight={highlight}
          referenceDate={village.referenceDate}
          suppressionRule={village.suppression.rule}
          attribution={boundaries.boundaries.attribution}
          boundarySource={boundaries.boundaries.source}
          {...(onChooseLocality === undefined ? {} : { onChooseLocality })}
        />
      )}
      {figures === null && <p className="panel__hint">This run has no figure to map at this level.</p>}
    </section>
  );
}
