/**
 * Published views of a stored run as plain rows, shared by the exports and the diff. Built only from the
 * stored village.json and dashboards, which have been through disclosure control: a count cell is the
 * published number or the suppression symbol, never anything else.
 */
import type { Dashboard, DashboardChart } from '../../../shared/api';
import type { VillageJson } from '../../../shared/village';
import { type Cell, countCell, type ViewTable } from './tables';

/** One row per area and measure: village partitions (people and villagers of 100) and indicators. */
export function areaMeasureTable(village: VillageJson): ViewTable {
  const names = new Map(village.indicators.map((indicator) => [indicator.id, indicator]));
  const rows: Cell[][] = [];
  for (const area of village.areas) {
    for (const partition of area.partitions) {
      for (const category of partition.categories) {
        rows.push([area.level, area.name, `${partition.partition}: ${category.label}`, countCell(category.count), countCell(partition.total), category.villagers ?? village.suppression.symbol, `of ${village.village.size}`]);
      }
    }
    for (const figure of area.indicators) {
      const definition = names.get(figure.id);
      const unit = definition?.unit === 'percent' ? '%' : `per ${definition?.unit ?? 100}`;
      rows.push([area.level, area.name, definition?.name ?? figure.id, countCell(figure.count), countCell(figure.denominator), figure.rate === null ? figure.rateDisplay : Number(figure.rate.toFixed(1)), unit]);
    }
  }
  return { name: 'Areas and measures', header: ['Level', 'Area', 'Measure', 'Count', 'Denominator', 'Rate or villagers', 'Unit'], rows };
}

/** A published count's display as a cell: a number where it is one ("1,204" → 1204), else the symbol as shown. */
export function figureCell(display: string | undefined): Cell {
  const number = Number((display ?? '').replace(/,/g, ''));
  return display !== undefined && display !== '' && Number.isFinite(number) ? number : (display ?? '');
}

/** A chart's figures as a table: a row per category, and each rate beside its count and its denominator, as published. */
export function chartTable(chart: DashboardChart): ViewTable {
  const figure = figureCell;
  return {
    name: chart.title,
    header: [
      'Category',
      ...chart.series.flatMap((series) => [`${series.name} (${chart.unit})`, ...(series.counts === undefined ? [] : [`${series.name}: count`]), ...(series.denominators === undefined ? [] : [`${series.name}: denominator`])]),
    ],
    rows: chart.categories.map((category, index) => [
      category,
      ...chart.series.flatMap((series): Cell[] => [
        series.values[index] ?? series.display[index] ?? '',
        ...(series.counts === undefined ? [] : [figure(series.counts[index])]),
        ...(series.denominators === undefined ? [] : [figure(series.denominators[index])]),
      ]),
    ]),
  };
}

/** Every figure of a dashboard as (area, measure, display) for the diff. */
export function dashboardFigures(dashboard: Dashboard): { area: string; measure: string; display: string }[] {
  return dashboard.charts.flatMap((chart) =>
    chart.series.flatMap((series) =>
      chart.categories.map((category, index) => ({ area: category, measure: `${dashboard.title} · ${chart.title} · ${series.name}`, display: series.display[index] ?? '' })),
    ),
  );
}
