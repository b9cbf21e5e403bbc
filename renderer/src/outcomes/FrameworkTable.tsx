import { Fragment } from 'react';
import { fileStem } from '../charts/download';
import { formatDisplay } from '../charts/figures';
import { COMPARISON_ORDER, COMPARISON_STYLES, comparisonSentence } from './comparison';
import { frameworkPicture } from './outcomes-picture';
import type { OutcomesModel } from './outcomes-view';
import { SavePictureButton } from './SavePictureButton';

interface FrameworkTableProps {
  readonly view: OutcomesModel;
  readonly level: string;
}

/**
 * The city's outcome framework as a heat table: an indicator per row under its outcome, the city and then
 * each locality per column, every locality's cell coloured by its comparison with the city and saying it in
 * words with a mark, so the table reads the same without colour and in black-and-white print.
 */
export function FrameworkTable({ view, level }: FrameworkTableProps) {
  const latest = view.periods.length - 1;
  const latestLabel = view.periods[latest]?.label ?? '';
  const columns = 2 + view.localities.length;
  return (
    <section className="panel outcomes-framework" aria-labelledby="framework-heading">
      <h3 id="framework-heading" className="panel__title">
        The outcome framework by locality, {latestLabel}
      </h3>
      <p className="panel__hint">
        Each locality against {view.city.name} at {level} confidence. Better or worse where the recipe says which direction is good; higher or lower where it
        does not.
      </p>
      <ul className="comparison-key" aria-label="Key to the comparisons">
        {COMPARISON_ORDER.map((comparison) => (
          <li key={comparison}>
            <span className="comparison-key__swatch" style={{ background: COMPARISON_STYLES[comparison].background, color: COMPARISON_STYLES[comparison].text }} aria-hidden="true">
              {COMPARISON_STYLES[comparison].mark}
            </span>
            {comparisonSentence(comparison, view.city.name, level).replace(/ \(.*\)$/, '')}
          </li>
        ))}
      </ul>
      <div className="table-scroll" role="region" aria-label={`The outcome framework by locality, ${latestLabel}`} tabIndex={0}>
        <table className="data-table data-table--compact framework-table">
          <caption className="visually-hidden">
            Indicators of each outcome by locality, {latestLabel}, each locality compared with {view.city.name} at {level} confidence
          </caption>
          <thead>
            <tr>
              <th scope="col" className="framework-table__indicator">
                Indicator
              </th>
              <th scope="col" className="numeric framework-table__city">
                {view.city.name}
              </th>
              {view.localities.map((area) => (
                <th key={area.code} scope="col" className="numeric framework-table__area">
                  {area.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.outcomes.map((outcome) => (
              <Fragment key={outcome.id}>
                <tr className="framework-table__outcome">
                  <th scope="colgroup" colSpan={columns}>
                    {outcome.name}
                  </th>
                </tr>
                {outcome.indicators.map((indicator) => {
                  const city = view.figure(view.city.code, indicator.id, latest, level);
                  return (
                    <tr key={indicator.id} data-indicator={indicator.id}>
                      <th scope="row">
                        {indicator.name}
                        <span className="outcomes-table__unit">{indicator.unit}</span>
                      </th>
                      <td className="numeric" data-area={view.city.code}>
                        {formatDisplay(city?.display ?? '') || '–'}
                      </td>
                      {view.localities.map((area) => {
                        const figure = view.figure(area.code, indicator.id, latest, level);
                        const comparison = figure?.comparison ?? 'not-compared';
                        const style = COMPARISON_STYLES[comparison];
                        return (
                          <td key={area.code} className="numeric framework-table__cell" data-area={area.code} data-comparison={comparison} style={{ background: style.background, color: style.text }}>
                            <span className="framework-table__value">{formatDisplay(figure?.display ?? '') || '–'}</span>
                            <span className="framework-table__call">
                              <span aria-hidden="true">{style.mark}</span> {style.label}
                            </span>
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <SavePictureButton view={view} label="Download the framework table (PNG)" fileName={`${fileStem('framework', view.city.name, latestLabel)}.png`} picture={() => frameworkPicture(view, level)} />
    </section>
  );
}
