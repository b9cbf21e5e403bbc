/**
 * The published views as plain rows, shared by the workbook and the report: every count is either a number
 * (published) or the suppression symbol. Built only from VillageJson, which has been through disclosure
 * control, so nothing unsuppressed can reach a file by this route.
 */
import type { PublishedCount, VillageJson } from '../../../shared/village';

export type Cell = string | number;

export interface ViewTable {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export function countCell(count: PublishedCount): Cell {
  return count.value ?? count.display;
}

export function villageTable(village: VillageJson): ViewTable {
  const rows: Cell[][] = [];
  for (const area of village.areas) {
    for (const partition of area.partitions) {
      for (const category of partition.categories) {
        rows.push([area.level, area.name, partition.partition, category.label, countCell(category.count), category.villagers ?? village.suppression.symbol]);
      }
      rows.push([area.level, area.name, partition.partition, 'Total', countCell(partition.total), village.village.size]);
    }
  }
  return { name: 'Village of 100', header: ['Level', 'Area', 'Partition', 'Category', 'People', `Of ${village.village.size}`], rows };
}

export function indicatorTable(village: VillageJson): ViewTable {
  const names = new Map(village.indicators.map((indicator) => [indicator.id, indicator]));
  const rows: Cell[][] = [];
  for (const area of village.areas) {
    for (const figure of area.indicators) {
      const definition = names.get(figure.id);
      rows.push([
        area.level,
        area.name,
        definition?.name ?? figure.id,
        countCell(figure.count),
        countCell(figure.denominator),
        figure.rate === null ? figure.rateDisplay : Number(figure.rate.toFixed(1)),
        definition?.unit === 'percent' ? '%' : `per ${definition?.unit ?? 100}`,
        figure.per100 ?? figure.rateDisplay,
        figure.smallDenominator ? 'small denominator' : '',
      ]);
    }
  }
  const city = village.areas.find((area) => area.level === 'city');
  for (const [id, count] of Object.entries(city?.unresolved ?? {})) {
    const denominator = city?.unresolvedDenominators[id];
    rows.push(['not placed', 'People in the city figure placed in no locality', names.get(id)?.name ?? id, countCell(count), denominator === undefined ? '' : countCell(denominator), '', '', '', '']);
  }
  return { name: 'Indicators', header: ['Level', 'Area', 'Indicator', 'Count', 'Denominator', 'Rate', 'Unit', 'Of 100', 'Note'], rows };
}

export function unresolvedTable(village: VillageJson): ViewTable {
  return {
    name: 'Unresolved areas',
    header: ['Source', 'Reason', 'Records', 'Example source rows'],
    rows: village.unresolved.map((row) => [row.source, row.reason, countCell(row.records), row.exampleRows.join(' ')]),
  };
}

export function linkSourceTable(village: VillageJson): ViewTable {
  return {
    name: 'Linkage by source',
    header: ['Source', 'Records', 'People', 'Also in another source', 'Only in this source'],
    rows: village.linkage.perSource.map((row) => [row.source, countCell(row.records), countCell(row.people), countCell(row.peopleMatchedElsewhere), countCell(row.peopleUnmatched)]),
  };
}

export function linkPairTable(village: VillageJson): ViewTable {
  return {
    name: 'Linkage by source pair',
    header: ['Source', 'Source', 'People in both'],
    rows: village.linkage.pairs.map((row) => [row.sourceA, row.sourceB, countCell(row.peopleInBoth)]),
  };
}

export function linkKeyTable(village: VillageJson): ViewTable {
  return {
    name: 'Linkage by key',
    header: ['Key', 'Fields', 'Merges', 'Merges across sources', 'Records linked by it', 'Kept apart'],
    rows: village.linkage.keys.map((row) => [row.key, row.fields, countCell(row.merges), countCell(row.crossSourceMerges), countCell(row.recordsLinkedBy), countCell(row.keptApart)]),
  };
}

export function conflictTable(village: VillageJson): ViewTable {
  return {
    name: 'Linkage conflicts',
    header: ['Key', 'Kind', 'Resolution', 'Count'],
    rows: village.linkage.conflicts.map((row) => [row.key, row.kind, row.resolution, countCell(row.count)]),
  };
}

const percentCell = (value: number | null): Cell => (value === null ? '' : `${(value * 100).toFixed(2)}%`);

/** The probabilistic model's weight per comparison level (Splink's match-weights chart as a table). */
export function linkModelTable(village: VillageJson): ViewTable | null {
  const model = village.linkage.model;
  if (model === undefined) return null;
  return {
    name: 'Linkage model',
    header: ['Comparison', 'Level', 'm', 'u', 'Match weight'],
    rows: [
      ['Prior', 'two records drawn at random', '', '', Number(model.priorWeight.toFixed(2))],
      ...model.comparisons.flatMap((comparison) => comparison.levels.map((level): Cell[] => [comparison.label, level.label, Number(level.m.toPrecision(3)), Number(level.u.toPrecision(3)), Number(level.weight.toFixed(2))])),
    ],
  };
}

/** The model's own estimates of precision and recall of its links, by match-probability threshold. */
export function linkThresholdTable(village: VillageJson): ViewTable | null {
  const model = village.linkage.model;
  if (model === undefined) return null;
  const shown = model.thresholdChart.filter((point) => Math.round(point.threshold * 100) % 5 === 0 || Math.abs(point.threshold - model.threshold) < 1e-9 || point.threshold >= 0.9);
  return {
    name: 'Linkage threshold',
    header: ['Threshold', 'Estimated precision', 'Estimated recall', 'Chosen'],
    rows: shown.map((point) => [point.threshold, percentCell(point.estimatedPrecision), percentCell(point.estimatedRecall), Math.abs(point.threshold - model.threshold) < 1e-9 ? 'yes' : '']),
  };
}

export function aboutTable(village: VillageJson): ViewTable {
  const rows: Cell[][] = [
    ['Title', village.title],
    ['Generated', village.generatedAt],
    ['Ages on', village.referenceDate],
    ['Recipe', `${village.recipe.file} (SHA-256 ${village.recipe.sha256})`],
    [village.suppression.method === 'cell-key' ? 'Perturbation' : 'Suppression', village.suppression.rule],
    ['Ward → locality map', village.geography.localitySource],
    ['Synthetic data', 'Every person in the bundled samples is invented.'],
    [],
    ['Source', 'File', 'Sheet', 'Specification', 'SHA-256', 'Bytes', 'Rows read', 'Rows imported', 'Rows rejected', 'Imported at'],
    ...village.sources.map((source) => [
      source.id,
      source.file,
      source.sheet ?? '',
      source.specId,
      source.sha256,
      source.sizeBytes,
      source.rowsRead,
      source.rowsImported,
      source.rowsRejected,
      source.importedAt,
    ]),
    [],
    ['Indicator', 'Definition', 'Ages', 'Ages on', 'Denominator', 'Unit', 'Estimate'],
    ...village.indicators.map((indicator) => [
      indicator.name,
      indicator.description,
      indicator.ageRange === null ? 'survey respondents' : `${indicator.ageRange[0]}–${indicator.ageRange[1]}`,
      indicator.ageAt ?? '',
      indicator.denominator,
      indicator.unit === 'percent' ? '%' : `per ${indicator.unit}`,
      indicator.estimate,
    ]),
  ];
  return { name: 'About this data', header: ['Item', 'Value'], rows };
}

export function allViews(village: VillageJson): ViewTable[] {
  return [villageTable(village), indicatorTable(village), unresolvedTable(village), linkSourceTable(village), linkPairTable(village), linkKeyTable(village), conflictTable(village)];
}
