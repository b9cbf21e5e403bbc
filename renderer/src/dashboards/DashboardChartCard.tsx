import { Fragment, useCallback, useMemo, useRef, useState } from 'react';
import type { DashboardChart } from '../../../shared/api';
import { barChartOption, chartHeight } from '../charts/bar-option';
import { captionedPng, downloadBlob, fileStem } from '../charts/download';
import { EChart } from '../charts/EChart';
import type { EChartsType } from '../charts/echarts-setup';
import { formatDisplay } from '../charts/figures';

interface DashboardChartCardProps {
  readonly chart: DashboardChart;
  readonly dashboardTitle: string;
  readonly suppression: string;
  /** Saves the dashboard's suppressed workbook (a sheet per chart), made by the engine. */
  readonly onExportData: () => Promise<string>;
}

/** One engine chart: the ECharts drawing, its figures as a table on request, and PNG and xlsx downloads. */
export function DashboardChartCard({ chart, dashboardTitle, suppression, onExportData }: DashboardChartCardProps) {
  const instanceRef = useRef<EChartsType | null>(null);
  const [tableShown, setTableShown] = useState(false);
  const [status, setStatus] = useState('');
  const option = useMemo(() => barChartOption(chart), [chart]);
  const onReady = useCallback((instance: EChartsType | null) => {
    instanceRef.current = instance;
  }, []);
  const titleId = `chart-${fileStem(chart.id)}-title`;
  const tableId = `chart-${fileStem(chart.id)}-table`;

  async function savePng() {
    const instance = instanceRef.current;
    if (instance === null) {
      setStatus('The chart is still being drawn. Try again in a moment.');
      return;
    }
    const fileName = `${fileStem(dashboardTitle, chart.title)}.png`;
    try {
      const image = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
      downloadBlob(await captionedPng(image, chart.title, [`Source: ${chart.source}`, suppression]), fileName);
      setStatus(`Saved ${fileName} to your downloads folder.`);
    } catch (error) {
      setStatus(`${error instanceof Error ? error.message : 'The picture could not be saved.'} Try again.`);
    }
  }

  async function saveData() {
    setStatus('Preparing the workbook…');
    setStatus(await onExportData());
  }

  return (
    <figure className="panel dashboard-chart" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {chart.title}
      </h2>
      <p className="dashboard-chart__description">{chart.description}</p>
      <EChart option={option} height={chartHeight(chart)} onReady={onReady} />
      <div className="button-row">
        <button type="button" className="button button--secondary button--small" onClick={() => void savePng()}>
          Download PNG
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => void saveData()}>
          Download data (xlsx)
        </button>
        <button type="button" className="button button--secondary button--small" aria-expanded={tableShown} aria-controls={tableId} onClick={() => setTableShown((shown) => !shown)}>
          {tableShown ? 'Hide table' : 'Show as table'}
        </button>
      </div>
      <p className="button-row__status" role="status" aria-live="polite">
        {status}
      </p>
      <div id={tableId} hidden={!tableShown} className="table-scroll" role="region" aria-label={`${chart.title} as a table`} tabIndex={0}>
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">
            {chart.title} ({chart.unit})
          </caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              {chart.series.map((series) => (
                <Fragment key={series.name}>
                  <th scope="col" className="numeric">
                    {series.name} ({chart.unit})
                  </th>
                  {series.counts !== undefined && (
                    <th scope="col" className="numeric">
                      Count
                    </th>
                  )}
                  {series.denominators !== undefined && (
                    <th scope="col" className="numeric">
                      Out of
                    </th>
                  )}
                </Fragment>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.categories.map((category, index) => (
              <tr key={category}>
                <th scope="row">{category}</th>
                {chart.series.map((series) => (
                  <Fragment key={series.name}>
                    <td className="numeric">{formatDisplay(series.display[index] ?? '')}</td>
                    {series.counts !== undefined && <td className="numeric">{formatDisplay(series.counts[index] ?? '')}</td>}
                    {series.denominators !== undefined && <td className="numeric">{formatDisplay(series.denominators[index] ?? '')}</td>}
                  </Fragment>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="dashboard-chart__source">Source: {chart.source}</figcaption>
    </figure>
  );
}
