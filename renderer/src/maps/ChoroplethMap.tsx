import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { choroplethSvg } from '../../../shared/map-svg';
import { type AreaShape, areaFill, type ChoroplethFigures, NO_DATA_COLOUR, SUPPRESSED_HATCH } from '../../../shared/maps';
import { downloadBlob, downloadBytes, fileStem, svgToPng } from '../charts/download';
import { type EChartsType, init, registerMap } from '../charts/echarts-setup';
import { formatDisplay } from '../charts/figures';
import { FigureTableHead } from '../components/FigureTableHead';
import { geoJsonOf, mapOption } from './map-option';
import { withPngText } from './png-text';
import './maps.css';

interface ChoroplethMapProps {
  readonly figures: ChoroplethFigures;
  readonly shapes: readonly AreaShape[];
  /** Locality borders drawn over a ward map. */
  readonly outlines?: readonly AreaShape[];
  /** The area (code or name) drawn with a heavy border. */
  readonly highlight: string | null;
  readonly referenceDate: string;
  readonly suppressionRule: string;
  readonly attribution: string;
  /** The boundaries' provenance, shown under the map. */
  readonly boundarySource: string;
  readonly height?: number;
  /** Called with an area's locality when its button is pressed (the Village screen sets it beside the city). */
  readonly onChooseLocality?: (locality: string) => void;
}

const HATCH_BACKGROUND = `repeating-linear-gradient(45deg, ${SUPPRESSED_HATCH} 0 2px, #ffffff 2px 6px)`;

/** An area code as part of an element id: locality codes are names with spaces, which an IDREF list would split. */
function idPart(code: string): string {
  return code.replace(/[^A-Za-z0-9]+/g, '-');
}

function swatchStyle(colour: string | null): React.CSSProperties {
  return colour === null ? { background: HATCH_BACKGROUND } : { background: colour };
}

/**
 * A choropleth drawn by ECharts' map series, with what ECharts cannot give: a keyboard path (the table of
 * areas beside the map is a list of buttons; focusing one highlights its area and opens its tooltip, and
 * hovering an area marks its row), a legend stating the unit and the denominator, the unresolved records,
 * the attribution, and PNG and SVG downloads that carry all of them.
 */
export function ChoroplethMap({ figures, shapes, outlines, highlight, referenceDate, suppressionRule, attribution, boundarySource, height = 420, onChooseLocality }: ChoroplethMapProps) {
  const elementRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const [activeCode, setActiveCode] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const instanceId = useId().replace(/[^a-zA-Z0-9]/g, '');
  const mapName = `workbench-${instanceId}-${figures.level}`;
  const outlineName = `${mapName}-outlines`;
  const captionId = `map-${instanceId}-caption`;
  const option = useMemo(() => {
    registerMap(mapName, geoJsonOf(shapes) as never);
    if (outlines !== undefined) registerMap(outlineName, geoJsonOf(outlines) as never);
    const base = mapOption(mapName, figures, shapes, highlight);
    if (outlines === undefined) return base;
    const series = Array.isArray(base.series) ? base.series : [];
    const mapSeries = series[0] as { left?: number; right?: number; top?: number; bottom?: number; aspectScale?: number };
    return {
      ...base,
      series: [
        ...series,
        {
          type: 'map' as const,
          map: outlineName,
          silent: true,
          aspectScale: mapSeries.aspectScale ?? 0.75,
          left: mapSeries.left ?? 0,
          right: mapSeries.right ?? 0,
          top: mapSeries.top ?? 0,
          bottom: mapSeries.bottom ?? 0,
          roam: false,
          selectedMode: false as const,
          tooltip: { show: false },
          label: { show: false },
          emphasis: { disabled: true },
          itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#1f2933', borderWidth: 1.4 },
          data: outlines.map((shape) => ({
            name: shape.code,
            itemStyle: shape.code === highlight || shape.name === highlight ? { borderColor: '#111111', borderWidth: 3.5 } : {},
          })),
        },
      ],
    };
  }, [figures, shapes, outlines, highlight, mapName, outlineName]);

  useEffect(() => {
    const element = elementRef.current;
    if (element === null) return;
    const chart = init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('mouseover', (event) => setActiveCode(String(event.name)));
    chart.on('mouseout', () => setActiveCode(null));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  function focusArea(code: string) {
    const chart = chartRef.current;
    setActiveCode(code);
    if (chart === null) return;
    chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
    chart.dispatchAction({ type: 'highlight', seriesIndex: 0, name: code });
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, name: code });
  }

  function leaveArea(code: string) {
    const chart = chartRef.current;
    setActiveCode((current) => (current === code ? null : current));
    if (chart === null) return;
    chart.dispatchAction({ type: 'downplay', seriesIndex: 0, name: code });
    chart.dispatchAction({ type: 'hideTip' });
  }

  async function save(format: 'png' | 'svg') {
    const text = choroplethSvg({ figures, shapes, ...(outlines === undefined ? {} : { outlines }), highlight, referenceDate, suppressionRule, attribution, standalone: true, width: 640 });
    const size = /viewBox="0 0 (\d+) (\d+)"/.exec(text);
    const fileName = `${fileStem('map', figures.title)}.${format}`;
    try {
      if (format === 'svg') downloadBlob(new Blob([text], { type: 'image/svg+xml' }), fileName);
      else {
        const png = new Uint8Array(await (await svgToPng(text, Number(size?.[1] ?? 640), Number(size?.[2] ?? 640))).arrayBuffer());
        const tagged = withPngText(png, [
          ['Title', figures.title],
          ['Description', `Reference date ${referenceDate}. ${figures.unresolved}`.trim()],
          ['Source', `${figures.source} Boundaries: ${boundarySource}`],
          ['Copyright', attribution],
        ]);
        downloadBytes(tagged, fileName, 'image/png');
      }
      setStatus(`Saved ${fileName} to your downloads folder, with its source and the boundaries' attribution.`);
    } catch (error) {
      setStatus(`${error instanceof Error ? error.message : 'The map could not be saved.'} Try again, or save it as SVG instead.`);
    }
  }

  const levelWord = figures.level === 'ward' ? 'Ward' : 'Locality';
  const symbol = figures.areas.find((area) => area.status === 'suppressed')?.display ?? '';
  return (
    <figure className="choropleth" aria-labelledby={captionId} data-level={figures.level} data-scheme={figures.scheme}>
      <figcaption id={captionId} className="choropleth__title">
        {figures.title}
      </figcaption>
      <div className="choropleth__layout">
        <div className="choropleth__map-column">
          <div ref={elementRef} className="echart choropleth__canvas" style={{ height }} />
          <div className="choropleth__legend">
            <p className="choropleth__legend-heading">
              {figures.unitLabel}; denominator: {figures.denominatorLabel}
              {figures.reference !== null && <> · colours compare each area with the city&rsquo;s {figures.reference.display}</>}
            </p>
            <p className="choropleth__class-note">{figures.classNote}</p>
            <ul className="choropleth__classes" aria-label="Legend">
              {figures.classes.map((entry) => (
                <li key={entry.index} data-class={entry.index} data-min={entry.min} data-max={entry.max}>
                  <span className="choropleth__swatch" style={swatchStyle(entry.colour)} aria-hidden="true" />
                  {entry.label}
                </li>
              ))}
              {figures.suppressedCount > 0 && (
                <li data-class="suppressed">
                  <span className="choropleth__swatch" style={swatchStyle(null)} aria-hidden="true" />
                  Suppressed ({symbol}): {figures.suppressedCount} {figures.suppressedCount === 1 ? 'area' : 'areas'}, hatched
                </li>
              )}
              {figures.areas.some((area) => area.status === 'no-data') && (
                <li data-class="no-data">
                  <span className="choropleth__swatch" style={swatchStyle(NO_DATA_COLOUR)} aria-hidden="true" />
                  No figure
                </li>
              )}
            </ul>
          </div>
        </div>
        <div className="choropleth__areas" role="region" aria-label={`${figures.title}: every area as a table`}>
          <table className="data-table data-table--compact">
            <caption className="visually-hidden">
              {figures.title}: figure, count and denominator of every area. Focus an area to show it on the map.
            </caption>
            <FigureTableHead rowLabel={levelWord} figureLabel={figures.unitLabel} />
            <tbody>
              {figures.areas.map((area) => {
                const colour = areaFill(area, figures.classes);
                const classLabel = area.status === 'suppressed' ? 'suppressed' : area.classIndex === null ? 'no figure' : (figures.classes.find((entry) => entry.index === area.classIndex)?.label ?? '');
                return (
                  <tr
                    key={area.code}
                    className={activeCode === area.code ? 'choropleth__row choropleth__row--active' : 'choropleth__row'}
                    data-code={area.code}
                    data-status={area.status}
                    data-class={area.classIndex ?? ''}
                  >
                    <th scope="row">
                      <button
                        type="button"
                        className="choropleth__area"
                        aria-pressed={onChooseLocality === undefined ? undefined : highlight === area.name || highlight === area.code || highlight === area.parent}
                        onClick={() => {
                          const locality = figures.level === 'ward' ? area.parent : area.name;
                          if (locality !== null) onChooseLocality?.(locality);
                        }}
                        aria-describedby={`${captionId}-${idPart(area.code)}`}
                        onFocus={() => focusArea(area.code)}
                        onBlur={() => leaveArea(area.code)}
                        onMouseEnter={() => focusArea(area.code)}
                        onMouseLeave={() => leaveArea(area.code)}
                      >
                        <span className="choropleth__swatch" style={swatchStyle(colour)} aria-hidden="true" />
                        {area.name}
                      </button>
                      <span id={`${captionId}-${idPart(area.code)}`} className="visually-hidden">
                        {classLabel}. {area.description}
                      </span>
                    </th>
                    <td className="numeric">{area.status === 'suppressed' ? `${area.display} (suppressed)` : area.display}</td>
                    <td className="numeric">{formatDisplay(area.count.display)}</td>
                    <td className="numeric">{formatDisplay(area.denominator.display)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      {figures.unresolved !== '' && <p className="choropleth__unresolved">Not on the map: {figures.unresolved}</p>}
      <p className="choropleth__source">
        Source: {figures.source} Boundaries: {boundarySource} {attribution}
      </p>
      <div className="button-row">
        <button type="button" className="button button--secondary button--small" onClick={() => void save('png')}>
          Download map (PNG)
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => void save('svg')}>
          Download map (SVG)
        </button>
      </div>
      <p className="button-row__status" role="status" aria-live="polite">
        {status}
      </p>
    </figure>
  );
}
