import { useState } from 'react';
import { downloadBlob, downloadBytes, fileStem, svgToPng } from '../charts/download';
import { withPngText } from '../maps/png-text';
import { FigureTableHead } from '../components/FigureTableHead';
import { Pictogram } from './Pictogram';
import { sizeText, type PictogramModel } from './pictogram-model';
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
    const fileName = `${fileStem('village', model.areaName, model.viewLabel, ...(model.size === 100 ? [] : [`of ${model.size}`]))}.${format}`;
    try {
      if (format === 'svg') downloadBlob(new Blob([document.text], { type: 'image/svg+xml' }), fileName);
      else {
        // The picture shows the reference date; its text chunks carry it too, for whoever files the image.
        const png = new Uint8Array(await (await svgToPng(document.text, document.width, document.height)).arrayBuffer());
        const tagged = withPngText(png, [
          ['Title', `${model.areaName}: ${model.viewLabel}, a village of ${sizeText(model.size)}`],
          ['Description', `Reference date ${referenceDate}. ${model.summary}`],
          ['Source', model.source],
          ['Disclaimer', suppressionRule],
        ]);
        downloadBytes(tagged, fileName, 'image/png');
      }
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
            {model.areaName}, {model.viewLabel}: villagers of {sizeText(model.size)}, counts and denominators
          </caption>
          <FigureTableHead rowLabel="Category" figureLabel={`Of ${sizeText(model.size)}`} />
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
