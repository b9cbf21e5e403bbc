import { fileStem } from '../charts/download';
import { formatDisplay } from '../charts/figures';
import { changeText, comparisonSentence, DIRECTION_ARROWS, directionWords } from './comparison';
import { ComparisonBadge } from './ComparisonBadge';
import type { AreaRef, IndicatorView, OutcomesModel } from './outcomes-view';
import { SpineChart, SpineKey } from './SpineChart';
import { figureWithUnit } from './figure-text';
import { spineChartPicture } from './outcomes-picture';
import { SavePictureButton } from './SavePictureButton';
import { villageOverTimeSentence } from './village-over-time';

interface LocalityProfileProps {
  readonly view: OutcomesModel;
  readonly locality: AreaRef;
  readonly level: string;
}

/**
 * A locality's profile: per outcome, each indicator's latest figure with its count and denominator, its trend
 * since the previous period, its comparison with the city and a spine chart across the localities; then the
 * village of 100 over time for the locality and the city.
 */
export function LocalityProfile({ view, locality, level }: LocalityProfileProps) {
  const latest = view.periods.length - 1;
  const latestLabel = view.periods[latest]?.label ?? '';
  return (
    <div className="outcomes-profile" data-locality={locality.name}>
      <SpineKey benchmark={`${view.city.name} (the benchmark)`} />
      {view.outcomes.map((outcome) => (
        <section key={outcome.id} className="panel outcomes-outcome" aria-labelledby={`profile-${outcome.id}`}>
          <h3 id={`profile-${outcome.id}`} className="panel__title">
            {outcome.name}
          </h3>
          <div className="table-scroll" role="region" aria-label={`${outcome.name}: ${locality.name} against ${view.city.name}`} tabIndex={0}>
            <table className="data-table data-table--compact outcomes-table">
              <caption className="visually-hidden">
                {outcome.name} in {locality.name}, {latestLabel}, against {view.city.name} ({level} confidence)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col" className="numeric">
                    {locality.name}
                  </th>
                  <th scope="col" className="numeric">
                    Count
                  </th>
                  <th scope="col">Since the previous period</th>
                  <th scope="col">Against {view.city.name}</th>
                  <th scope="col" className="numeric">
                    {view.city.name}
                  </th>
                  <th scope="col">Across the {view.localities.length} localities</th>
                </tr>
              </thead>
              <tbody>
                {outcome.indicators.map((indicator) => (
                  <ProfileRow key={indicator.id} view={view} locality={locality} indicator={indicator} level={level} periodIndex={latest} />
                ))}
              </tbody>
            </table>
          </div>
          <SavePictureButton
            view={view}
            label={`Download the ${outcome.name} spine chart (PNG)`}
            fileName={`${fileStem('spine', outcome.name, locality.name)}.png`}
            picture={() => spineChartPicture(view, outcome, locality, level)}
          />
        </section>
      ))}
      <VillageOverTimePanel view={view} locality={locality} />
    </div>
  );
}

function ProfileRow({ view, locality, indicator, level, periodIndex }: { readonly view: OutcomesModel; readonly locality: AreaRef; readonly indicator: IndicatorView; readonly level: string; readonly periodIndex: number }) {
  const figure = view.figure(locality.code, indicator.id, periodIndex, level);
  const city = view.figure(view.city.code, indicator.id, periodIndex, level);
  const change = view.change(locality.code, indicator.id, 'previous', level);
  const comparison = figure?.comparison ?? 'not-compared';
  const localities = view.localities.map((area) => ({ area: area.name, value: view.figure(area.code, indicator.id, periodIndex, level)?.value ?? null }));
  const spineLabel = `${indicator.name}: ${locality.name} ${figureWithUnit(figure?.display ?? '', indicator.unit)}, ${view.city.name} ${figureWithUnit(city?.display ?? '', indicator.unit)}. ${comparisonSentence(comparison, view.city.name, level)}.`;
  return (
    <tr data-indicator={indicator.id} data-comparison={comparison}>
      <th scope="row">
        {indicator.name}
        <span className="outcomes-table__unit">{indicator.unit}</span>
        {indicator.target !== null && <span className="outcomes-table__target">Target: {indicator.target}</span>}
      </th>
      <td className="numeric" data-cell="value">
        {formatDisplay(figure?.display ?? '') || '–'}
      </td>
      <td className="numeric" data-cell="count">
        {figure === null ? '' : `${formatDisplay(figure.count)} of ${formatDisplay(figure.denominator)}`}
      </td>
      <td data-cell="trend">
        <span aria-hidden="true" className={`trend-arrow trend-arrow--${change.significant ? change.call : 'similar'}`}>
          {DIRECTION_ARROWS[change.direction]}
        </span>{' '}
        <span className="visually-hidden">{directionWords(change)}: </span>
        {changeText(change).replace(/^[↑↓→] /, '')}
      </td>
      <td data-cell="comparison">
        <ComparisonBadge comparison={comparison} />
        <span className="visually-hidden"> {comparisonSentence(comparison, view.city.name, level)}</span>
      </td>
      <td className="numeric" data-cell="city">
        {formatDisplay(city?.display ?? '') || '–'}
      </td>
      <td data-cell="spine">
        <SpineChart input={{ benchmark: city?.value ?? null, localities, chosen: locality.name, polarity: indicator.polarity }} comparison={comparison} label={spineLabel} />
      </td>
    </tr>
  );
}

function VillageOverTimePanel({ view, locality }: { readonly view: OutcomesModel; readonly locality: AreaRef }) {
  const areas = [locality, view.city];
  const indicators = view.outcomes.flatMap((outcome) => outcome.indicators);
  const level = view.levels[0] ?? '';
  return (
    <section className="panel outcomes-village" aria-labelledby="profile-village-heading">
      <h3 id="profile-village-heading" className="panel__title">
        The village of {view.villageSize} over time
      </h3>
      <p className="panel__hint">
        Of every {view.villageSize} children and young people, how many each indicator counts, in the first period and now. A figure withheld by disclosure control says so.
      </p>
      <ul className="outcomes-village__list">
        {indicators.map((indicator) =>
          areas.map((area) => {
            const periods = view.periods.map((period, index) => ({ period: period.label, per100: view.figure(area.code, indicator.id, index, level)?.per100 ?? null }));
            return (
              <li key={`${indicator.id}-${area.code}`} data-indicator={indicator.id} data-area={area.code}>
                {villageOverTimeSentence({ indicator: indicator.name, area: area.name, periods }, view.villageSize)}
              </li>
            );
          }),
        )}
      </ul>
    </section>
  );
}
