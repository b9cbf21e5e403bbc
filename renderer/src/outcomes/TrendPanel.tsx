import { useCallback, useMemo, useRef, useState } from 'react';
import { captionedPng, downloadBytes, fileStem } from '../charts/download';
import { EChart } from '../charts/EChart';
import type { EChartsType } from '../charts/echarts-setup';
import { formatDisplay } from '../charts/figures';
import { changeText, comparisonSentence } from './comparison';
import { ComparisonBadge } from './ComparisonBadge';
import { withPngText } from '../maps/png-text';
import { trendModel } from './outcomes-model';
import type { AreaRef, IndicatorView, OutcomesModel } from './outcomes-view';
import { pictureText } from './save-picture';
import { gapsOf, trendChartOption, trimmed } from './trend-option';

interface TrendPanelProps {
  readonly view: OutcomesModel;
  readonly indicator: IndicatorView;
  readonly localities: readonly AreaRef[];
  readonly level: string;
}

/**
 * One indicator over the periods: the chart (city beside the chosen localities, interval bands, gaps for
 * withheld figures), its figures as a table, the change since the previous period and since the first with
 * whether each is significant, and a PNG of the chart with its title, periods and source.
 */
export function TrendPanel({ view, indicator, localities, level }: TrendPanelProps) {
  const instanceRef = useRef<EChartsType | null>(null);
  const [tableShown, setTableShown] = useState(false);
  const [status, setStatus] = useState('');
  const areas = useMemo(() => [view.city, ...localities], [view.city, localities]);
  const model = useMemo(() => trendModel(view, indicator, areas, level), [view, indicator, areas, level]);
  const option = useMemo(() => trendChartOption(model), [model]);
  const onReady = useCallback((instance: EChartsType | null) => {
    instanceRef.current = instance;
  }, []);
  const gaps = gapsOf(model);
  const periodSpan = `${view.periods[0]?.label ?? ''} to ${view.periods[view.periods.length - 1]?.label ?? ''}`;
  const tableId = `trend-${fileStem(indicator.id)}-table`;

  async function savePng() {
    const instance = instanceRef.current;
    if (instance === null) {
      setStatus('The chart is still being drawn. Try again in a moment.');
      return;
    }
    const fileName = `${fileStem('trend', indicator.name, ...localities.map((area) => area.name))}.png`;
    try {
      const image = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
      const footer = [`Periods: ${periodSpan}. Shaded bands: ${model.intervalLabel}.`, `Sources: ${view.sources.join('; ')}`, view.suppressionRule];
      const title = `${indicator.name} (${indicator.unit}), ${areas.map((area) => area.name).join(', ')}`;
      const png = new Uint8Array(await (await captionedPng(image, title, footer)).arrayBuffer());
      downloadBytes(withPngText(png, pictureText(view, title, `Periods: ${periodSpan}. Shaded bands: ${model.intervalLabel}.`)), fileName, 'image/png');
      setStatus(`Saved ${fileName} to your downloads folder.`);
    } catch (error) {
      setStatus(`${error instanceof Error ? error.message : 'The picture could not be saved.'} Try again.`);
    }
  }

  return (
    <figure className="panel outcomes-trend" aria-labelledby="trend-title" data-indicator={indicator.id}>
      <h3 id="trend-title" className="panel__title">
        {indicator.name} ({indicator.unit}), {periodSpan}
      </h3>
      <p className="panel__hint">{indicator.description}</p>
      <EChart option={option} height={340} onReady={onReady} />
      {gaps.length > 0 && (
        <p className="outcomes-trend__gaps">
          Gaps in a line are figures withheld by disclosure control or not published, never zero:{' '}
          {gaps.map((gap) => `${gap.area} in ${gap.period} (${gap.display === '' ? 'not published' : gap.display})`).join('; ')}.
        </p>
      )}
      <div className="button-row no-print">
        <button type="button" className="button button--secondary button--small" onClick={() => void savePng()}>
          Download PNG
        </button>
        <button type="button" className="button button--secondary button--small" aria-expanded={tableShown} aria-controls={tableId} onClick={() => setTableShown((shown) => !shown)}>
          {tableShown ? 'Hide table' : 'Show as table'}
        </button>
      </div>
      <p className="button-row__status no-print" role="status" aria-live="polite">
        {status}
      </p>
      <div id={tableId} hidden={!tableShown} className="table-scroll outcomes-trend__table" role="region" aria-label={`${indicator.name} over the periods as a table`} tabIndex={0}>
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">
            {indicator.name} ({indicator.unit}) in each period, with its {model.intervalLabel}
          </caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              {areas.map((area) => (
                <th key={area.code} scope="col" className="numeric">
                  {area.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.periods.map((period, index) => (
              <tr key={period.id}>
                <th scope="row">{period.label}</th>
                {model.lines.map((line, lineIndex) => {
                  const point = line.points[index];
                  const area = areas[lineIndex];
                  return (
                    <td key={area?.code ?? lineIndex} className="numeric" data-area={area?.code} data-period={period.id}>
                      {point === undefined || point.display === '' ? '–' : formatDisplay(point.display)}
                      {point !== undefined && point.value !== null && (
                        <span className="outcomes-trend__detail">
                          {point.lower !== null && point.upper !== null ? `${trimmed(point.lower)}–${trimmed(point.upper)}, ` : ''}
                          {formatDisplay(point.count)} of {formatDisplay(point.denominator)}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll" role="region" aria-label={`${indicator.name}: change and comparison`} tabIndex={0}>
        <table className="data-table data-table--compact outcomes-change">
          <caption className="visually-hidden">
            {indicator.name}: change since the previous period and since the first, and comparison with {view.city.name} in the latest period ({level} confidence)
          </caption>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col" className="numeric">
                Latest ({view.periods[view.periods.length - 1]?.label ?? ''})
              </th>
              <th scope="col">Since the previous period</th>
              <th scope="col">Since the first ({view.periods[0]?.label ?? ''})</th>
              <th scope="col">Against {view.city.name}</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((area, index) => {
              const latest = model.lines[index]?.points[view.periods.length - 1];
              const comparison = view.figure(area.code, indicator.id, view.periods.length - 1, level)?.comparison ?? 'not-compared';
              return (
                <tr key={area.code} data-area={area.code}>
                  <th scope="row">{area.name}</th>
                  <td className="numeric">{latest === undefined || latest.display === '' ? '–' : formatDisplay(latest.display)}</td>
                  <td data-cell="since-previous">{changeText(view.change(area.code, indicator.id, 'previous', level))}</td>
                  <td data-cell="since-first">{changeText(view.change(area.code, indicator.id, 'first', level))}</td>
                  <td data-cell="comparison">
                    {area.code === view.city.code ? (
                      <span className="muted">The benchmark</span>
                    ) : (
                      <>
                        <ComparisonBadge comparison={comparison} compact />
                        <span className="visually-hidden"> {comparisonSentence(comparison, view.city.name, level)}</span>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
