import { useState } from 'react';
import { downloadBlob, fileStem, svgToPng } from '../charts/download';
import { FigureTableHead } from '../components/FigureTableHead';
import { Pictogram } from './Pictogram';
import type { PictogramModel } from './pictogram-model';
import { pictogramDocument } from './pictogram-svg';

interface VillagePanelProps {
  readonly headingId: string;
  readonly model: PictogramModel;
  readonly suppressionRule: string;
  /** The date the ages are on, printed on a saved picture so it says when its figures are from. */
  readonly referenceDate: string;
}

/** One area's village with its sentence, a table of the same figures, and PNG/SVG downloads. */
export function VillagePanel({ headingId, model, suppressionRule, referenceDate }: VillagePanelProps) {
  const [tableShown, setTableShown] = useState(false);
  const [status, setStatus] = useState('');
  const tableId = `${headingId}-table`;

  async function save(format: 'png' | 'svg') {
    const document = pictogramDocument(model, suppressionRule, referenceDate);
    const fileName = `${fileStem('village', model.areaName, model.viewLabel)}.${format}`;
    try {
      const blob = format === 'svg' ? new Blob([document.text], { type: 'image/svg+xml' }) : await svgToPng(document.text, document.width, document.height);
      downloadBlob(blob, fileName);
      setStatus(`Saved ${fileName} to your downloads folder.`);
    } catch (error) {
      setStatus(`${error instanceof Error ? error.message : 'The picture could not be saved.'} Try again, or save it as SVG instead.`);
    }
  }

  return (
    <section className="panel village__panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {model.areaName}: {model.viewLabel}
      </h2>
      <p className="village__sentence">{model.summary}</p>
      {model.caution !== '' && <p className="village__caution">{model.caution}</p>}
      <Pictogram model={model} />
      <div className="button-row">
        <button type="button" className="button button--secondary button--small" onClick={() => void save('png')}>
          Download PNG
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => void save('svg')}>
          Download SVG
        </button>
        <button type="button" className="button button--secondary button--small" aria-expanded={tableShown} aria-controls={tableId} onClick={() => setTableShown((shown) => !shown)}>
          {tableShown ? 'Hide table' : 'Show as table'}
        </button>
      </div>
      <p className="button-row__status" role="status" aria-live="polite">
        {status}
      </p>
      <div id={tableId} hidden={!tableShown} className="table-scroll" role="region" aria-label={`${model.areaName}, ${model.viewLabel} as a table`} tabIndex={0}>
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">
            {model.areaName}, {model.viewLabel}: villagers of {model.size}, counts and denominators
          </caption>
          <FigureTableHead rowLabel="Category" figureLabel={`Of ${model.size}`} />
          <tbody>
            {model.segments.map((segment) => (
              <tr key={segment.key}>
                <th scope="row">{segment.label}</th>
                <td className="numeric">{segment.villagers}</td>
                <td className="numeric">{segment.count}</td>
                <td className="numeric">{segment.denominator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="village__source">Source: {model.source}</p>
    </section>
  );
}
