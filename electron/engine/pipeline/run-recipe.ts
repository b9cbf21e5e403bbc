/**
 * Runs a recipe end to end, stage by stage, each timed, reported and cancellable between steps:
 *   import (every source with its specification) → geography (ward→locality map with the recipe's
 *   overrides; unresolved records per source and reason) → linkage (person_links, then the persons index)
 *   → indicators → village partitions → disclosure control.
 * Writing the files is the outputs module's job (../outputs). The link run is recorded in vw.audit with its
 * counts; imports are audited by the importer.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import path from 'node:path';
import { parsePostcodeLookupCsv } from '../geography';
import { UnusableFileError } from '../tabular';
import { disclosureMethod, type Recipe, type RunPeriod } from '../../../shared/recipe';
import { ensureRecordKeySecret } from '../privacy';
import { perturbationTable } from '../privacy';
import { isSpecificationPath } from '../../../shared/spec';
import type { ImportedSource } from '../../../shared/imported-source';
import { VILLAGE_JSON_FORMAT, VILLAGE_JSON_VERSION, villageSourceOf, type VillageBoundaries, type VillageJson } from '../../../shared/village';
import { BoundaryFileError, type Geography, loadDefaultBoundaries, loadDefaultGeography, readBoundaryFile, withLocalityOverrides } from '../geography';
import { quoteIdentifier } from '../sql';
import { recordAudit, type Workspace } from '../workspace';
import { describeTable, SourceCatalog } from './catalog';
import { checkCrossTableRules, storeCrossTableFindings } from './cross-table-rules';
import { computeFigures, type RawFigures } from './figures';
import { countIndicators } from './indicators';
import { decisionConflictView, type LinkageOutcome, linkageModelView, linkKeyFields, runLinkage } from './linkage-stage';
import { readDecisions, writeReviewPairs } from './linkage-review';
import { buildPersons, PERSONS_TABLE, writeWardLocalities } from './persons';
import { buildPersonFacts, factPlan } from './person-facts';
import { type DisclosureRule, publishAreas, publishLinkage, publishUnresolved, type UnresolvedGroupRaw } from './publish';
import { type CellKeyRule, perturbationRuleText, publishAreasPerturbed } from './publish-perturbed';
import { readVillagePopulation } from './recompute';
import { PipelineCancelledError, type PipelineProgress, type SourceImporter, type StageTiming } from './types';
import { unresolvedBySource } from './unresolved';
import { buildOutcomes, type PeriodFigures } from '../village';

export interface RunRecipeOptions {
  readonly workspace: Workspace;
  readonly recipe: Recipe;
  /** Absolute path of the recipe file: source files are relative to its folder. */
  readonly recipePath: string;
  readonly recipeSha256: string;
  readonly importer: SourceImporter;
  readonly geography?: Geography;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PipelineProgress) => void;
  readonly now?: () => Date;
  /** The id the run will be stored under, named in the series (default: a new one). */
  readonly runId?: string;
  /** The other periods of the recipe's series (the latest run of each), for the trends. */
  readonly earlierPeriods?: readonly PeriodFigures[];
}

/** A run's period: the recipe's, or, without one, the reference date as a period of one day. */
export function periodOf(recipe: Recipe): RunPeriod {
  return recipe.period ?? { label: `As at ${recipe.referenceDate}`, start: recipe.referenceDate, end: recipe.referenceDate, referenceDate: recipe.referenceDate };
}

export interface RecipeRun {
  readonly village: VillageJson;
  /** Exact figures before disclosure control: for tests and the audit, never exported. */
  readonly raw: RawFigures;
  readonly linkage: LinkageOutcome;
  readonly imports: readonly ImportedSource[];
  readonly unresolved: readonly UnresolvedGroupRaw[];
  readonly timings: readonly StageTiming[];
  readonly geography: Geography;
}

export const SUPPRESSION_RULE_TEXT = (rule: DisclosureRule): string =>
  `Counts from 1 to ${rule.threshold - 1} are shown as "${rule.symbol}" (zero is shown). Secondary suppression hides further cells so ` +
  'that no hidden count can be worked out from published totals: village partitions as locality × category tables and, within each locality, ' +
  'ward × category tables with their totals, suppressed together; indicator counts and denominators as one line per level (localities plus people not placed, totalling the city). Rates and ' +
  'per-100 figures are withheld whenever their count or denominator is.';

/**
 * A recipe that chose cell-key perturbation: its threshold's table and the workspace's record-key secret (the
 * keys Explore uses); null for suppression. The threshold must be at least 2 for a perturbation table.
 */
export function cellKeyRuleOf(recipe: Recipe, secretsFolder: string): CellKeyRule | null {
  if (disclosureMethod(recipe) !== 'cell-key') return null;
  const { threshold, symbol } = recipe.disclosure;
  return { threshold, symbol, table: perturbationTable(threshold), secret: ensureRecordKeySecret(secretsFolder) };
}

/**
 * The user's postcode→LSOA lookup (e.g. an ONS Postcode Directory extract; columns in
 * electron/engine/geography/postcode.ts), read once per run and handed to every import.
 */
function readPostcodeLookup(filePath: string): ReturnType<typeof parsePostcodeLookupCsv> {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    throw new UnusableFileError(`The recipe's postcode lookup ${path.basename(filePath)} cannot be read (${filePath})`, 'not-a-workbook');
  }
  try {
    return parsePostcodeLookupCsv(text);
  } catch (error) {
    throw new UnusableFileError(`The recipe's postcode lookup ${path.basename(filePath)} is not usable: ${(error as Error).message}`, 'unsupported-format');
  }
}

/** The table a source is imported into. */
/**
 * The ward boundaries a run maps its figures on: the recipe's own file, checked against the ward list, or
 * the shipped ONS wards. A geography other than the shipped one (a test's) has no shipped boundaries: null.
 */
function readRecipeBoundaries(recipe: Recipe, recipeFolder: string, geography: Geography): VillageBoundaries | null {
  const own = recipe.geography.boundaries;
  if (own !== undefined) {
    try {
      return readBoundaryFile(path.resolve(recipeFolder, own.file), geography, {
        ...(own.codeProperty === undefined ? {} : { codeProperty: own.codeProperty }),
        ...(own.attribution === undefined ? {} : { attribution: own.attribution }),
      });
    } catch (error) {
      if (error instanceof BoundaryFileError) throw new UnusableFileError(`The recipe's boundary file is not usable: ${error.message}`, 'unsupported-format');
      throw error;
    }
  }
  const shipped = loadDefaultGeography();
  const sameWards = geography.wards.length === shipped.wards.length && geography.wards.every((ward) => shipped.wardByCode.has(ward.code));
  return sameWards ? loadDefaultBoundaries(geography) : null;
}

export function sourceTableName(sourceId: string): string {
  return `src_${sourceId}`;
}

/** The linkage stage: link with the officer's decisions, keep the grey-zone pairs for review, build persons. */
export async function linkageStage(connection: DuckDBConnection, recipe: Recipe, catalog: SourceCatalog): Promise<LinkageOutcome> {
  const outcome = await runLinkage(connection, recipe, catalog, await readDecisions(connection));
  let started = performance.now();
  await writeReviewPairs(connection, outcome.input, outcome.reviewPairs);
  outcome.phases['review pairs'] = performance.now() - started;
  started = performance.now();
  await buildPersons(connection, recipe, catalog);
  outcome.phases.persons = performance.now() - started;
  return outcome;
}

export async function runRecipe(options: RunRecipeOptions): Promise<RecipeRun> {
  const { workspace, recipe } = options;
  const timings: StageTiming[] = [];
  const progress = options.onProgress ?? (() => undefined);
  const connection = await workspace.connect();
  const stage = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if (options.signal?.aborted) throw new PipelineCancelledError(name);
    progress({ stage: name, message: `${name}…` });
    const started = performance.now();
    const result = await work();
    timings.push({ stage: name, milliseconds: Math.round(performance.now() - started) });
    if (options.signal?.aborted) throw new PipelineCancelledError(name);
    return result;
  };
  const rule: DisclosureRule = { threshold: recipe.disclosure.threshold, symbol: recipe.disclosure.symbol };
  const cellKeyRule = cellKeyRuleOf(recipe, workspace.secretsFolder);
  const recipeFolder = path.dirname(options.recipePath);

  const postcodeLookup = recipe.geography.postcodeLookup === undefined ? undefined : readPostcodeLookup(path.resolve(recipeFolder, recipe.geography.postcodeLookup));
  // Read before any import, so a boundary file that does not fit the ward list fails the run at once.
  const baseGeography = options.geography ?? loadDefaultGeography();
  const boundaries = readRecipeBoundaries(recipe, recipeFolder, baseGeography);

  const catalog = new SourceCatalog();
  const imports = await stage('import', async () => {
    const done: ImportedSource[] = [];
    for (const source of recipe.sources) {
      progress({ stage: 'import', message: `importing ${source.id} (${source.file})` });
      const imported = await options.importer(workspace, {
        sourceId: source.id,
        path: path.resolve(recipeFolder, source.file),
        specId: source.spec,
        ...(isSpecificationPath(source.spec) ? { specFile: path.resolve(recipeFolder, source.spec) } : {}),
        tableName: sourceTableName(source.id),
        ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
        ...(source.headerRow === undefined ? {} : { headerRow: source.headerRow }),
        ...(source.mapping === undefined ? {} : { mapping: source.mapping }),
        ...(source.rules === undefined ? {} : { rules: source.rules }),
        ...(postcodeLookup === undefined ? {} : { postcodeLookup }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      catalog.add(await describeTable(connection, source.id, imported.table));
      done.push(imported);
      if (options.signal?.aborted) throw new PipelineCancelledError('import');
    }
    // Cross-table rules need every source imported; their findings join each source's report.
    const checked = await checkCrossTableRules(connection, done);
    for (const entry of done) {
      const after = checked.get(entry.id);
      if (after !== undefined && entry.report !== null && entry.importId !== undefined) await storeCrossTableFindings(connection, entry.importId, entry.report, after);
    }
    return done.map((entry) => ({ ...entry, report: checked.get(entry.id) ?? entry.report }));
  });

  const geography = await stage('geography', async () => {
    const adjusted = withLocalityOverrides(baseGeography, recipe.geography.localityOverrides, `recipe ${path.basename(options.recipePath)}`);
    await writeWardLocalities(connection, adjusted);
    return adjusted;
  });
  const unresolved = await stage('unresolved', () => unresolvedBySource(connection, recipe.sources.map((source) => source.id), catalog));

  const linkage = await stage('linkage', () => linkageStage(connection, recipe, catalog));
  const personGaps = await connection.runAndReadAll(
    `SELECT CAST(count(*) FILTER (WHERE date_of_birth IS NULL AND age_min IS NULL) AS BIGINT) AS no_age, CAST(count(*) FILTER (WHERE ward_code IS NULL) AS BIGINT) AS no_ward FROM ${quoteIdentifier(PERSONS_TABLE)}`,
  );
  const gaps = personGaps.getRowObjectsJson()[0] ?? {};
  const peopleWithoutAge = Number(gaps.no_age ?? 0);
  const peopleWithoutWard = Number(gaps.no_ward ?? 0);
  await recordAudit(connection, {
    action: 'link-run',
    outcome: 'succeeded',
    subject: recipe.title,
    detail: {
      sources: recipe.linkage.sources,
      records: linkage.quality.records,
      people: linkage.quality.people,
      mergesByKey: linkage.result.stats.mergesByKey,
      keptApartByKey: linkage.result.stats.keptApartByKey,
      conflicts: linkage.result.conflicts.length,
      probabilisticMerges: linkage.probabilisticMerges,
      probabilisticKeptApart: linkage.probabilisticKeptApart,
      modelEstimatedPrecision: linkage.model?.estimatedPrecision ?? null,
      modelEstimatedRecall: linkage.model?.estimatedRecall ?? null,
      peopleWithoutAge,
      peopleWithoutWard,
      sourceHashes: Object.fromEntries(imports.map((entry) => [entry.id, entry.provenance.sha256])),
    },
  });

  const counts = await stage('indicators', async () => {
    // Each run builds the per-person facts afresh: persons and person_links have just been replaced.
    const factColumns = await buildPersonFacts(connection, factPlan(recipe), catalog);
    return countIndicators(connection, recipe, catalog, geography, factColumns, cellKeyRule?.secret);
  });
  for (const entry of counts) {
    if (entry.kind === 'share' && entry.byLocality.has(null)) {
      unresolved.push({ source: entry.indicator.source, reason: 'unknown-locality', records: entry.byLocality.get(null)?.base ?? 0, exampleRows: entry.unresolvedExampleRows });
    }
  }

  const raw = await stage('village', async () => {
    const population = await readVillagePopulation(connection, recipe, catalog);
    for (const entry of population.unplaced) unresolved.push({ source: entry.source, reason: 'population-row-without-ward', records: entry.rows, exampleRows: [] });
    return computeFigures(recipe, geography, population, counts);
  });

  const village = await stage('disclosure', async (): Promise<VillageJson> => {
    const published = cellKeyRule === null ? publishAreas(raw, recipe, rule) : publishAreasPerturbed(raw, recipe, cellKeyRule);
    const generatedAt = (options.now?.() ?? new Date()).toISOString();
    const period = periodOf(recipe);
    const indicators: VillageJson['indicators'] = recipe.indicators.map((indicator) => ({
      id: indicator.id,
      name: indicator.name,
      description: indicator.description,
      kind: indicator.kind,
      ageRange: indicator.kind === 'share' ? null : indicator.ageRange,
      ageAt: indicator.kind === 'share' ? null : (indicator.ageAt ?? recipe.referenceDate),
      unit: indicator.unit,
      levels: indicator.levels,
      denominator: indicator.kind === 'share'
        ? `respondents in ${indicator.source}`
        : typeof indicator.denominator === 'object' ? 'persons satisfying the denominator condition' : indicator.denominator,
      estimate: indicator.kind === 'share' ? 'observed' : indicator.estimate,
    }));
    const current: PeriodFigures = { period: { ...period, runId: options.runId ?? `run-${randomUUID()}`, finishedAt: generatedAt }, village: { areas: published.areas, indicators } };
    const series = buildOutcomes(current, options.earlierPeriods ?? [], recipe.outcomes);
    return {
      format: VILLAGE_JSON_FORMAT,
      version: VILLAGE_JSON_VERSION,
      title: recipe.title,
      referenceDate: recipe.referenceDate,
      period,
      periods: series.periods,
      generatedAt,
      recipe: { file: path.basename(options.recipePath), sha256: options.recipeSha256 },
      sources: imports.map(villageSourceOf),
      suppression: { ...rule, rule: cellKeyRule === null ? SUPPRESSION_RULE_TEXT(rule) : perturbationRuleText(cellKeyRule), method: disclosureMethod(recipe) },
      geography: {
        localitySource: geography.localityMap.source,
        overrides: geography.localityMap.overrides,
        wards: geography.wards.map((ward) => ({ code: ward.code, name: ward.name, locality: geography.localityMap.localityOf.get(ward.code) ?? '' })),
        ...(boundaries === null ? {} : { boundaries }),
      },
      village: {
        size: recipe.village.size,
        partitions: recipe.village.partitions,
        ageBands: recipe.village.ageBands,
        smallAreaMinimum: recipe.village.smallAreaMinimum,
      },
      indicators,
      areas: published.areas,
      unresolved: publishUnresolved(unresolved, rule),
      linkage: {
        ...publishLinkage(linkage.quality, linkKeyFields(), recipe.linkage.sources, peopleWithoutAge, peopleWithoutWard, rule),
        ...(linkage.model === null
          ? {}
          : {
              model: linkageModelView(linkage.model, recipe.linkage.probabilistic),
              decisionConflicts: linkage.decisionConflicts.map((conflict) => decisionConflictView(conflict, new Map(recipe.sources.map((source) => [source.id, path.basename(source.file)])))),
            }),
      },
      outcomes: series.outcomes,
    };
  });

  return { village, raw, linkage, imports, unresolved, timings, geography };
}
