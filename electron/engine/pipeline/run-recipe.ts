/**
 * Runs a recipe end to end, stage by stage, each timed, reported and cancellable between steps:
 *   import (every source with its specification) → geography (ward→locality map with the recipe's
 *   overrides; unresolved records per source and reason) → linkage (person_links, then the persons index)
 *   → indicators → village partitions → disclosure control.
 * Writing the files is the outputs module's job (../outputs). The link run is recorded in vw.audit with its
 * counts; imports are audited by the importer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePostcodeLookupCsv } from '../geography/postcode';
import { UnusableFileError } from '../tabular/raw';
import type { Recipe } from '../../../shared/recipe';
import { isSpecificationPath } from '../../../shared/spec';
import { VILLAGE_JSON_FORMAT, VILLAGE_JSON_VERSION, type VillageBoundaries, type VillageJson } from '../../../shared/village';
import { BoundaryFileError, type Geography, loadDefaultBoundaries, loadDefaultGeography, readBoundaryFile, withLocalityOverrides } from '../geography';
import { quoteIdentifier } from '../sql';
import { recordAudit, type Workspace } from '../workspace/workspace';
import { describeTable, SourceCatalog } from './catalog';
import { checkCrossTableRules, storeCrossTableFindings } from './cross-table-rules';
import { computeFigures, type RawFigures } from './figures';
import { countIndicators } from './indicators';
import { type LinkageOutcome, linkageModelView, linkKeyFields, runLinkage } from './linkage-stage';
import { readDecisions, writeReviewPairs } from './linkage-review';
import { buildPersons, PERSONS_TABLE, writeWardLocalities } from './persons';
import { buildPersonFacts, factPlan } from './person-facts';
import { type DisclosureRule, publishAreas, publishLinkage, publishUnresolved, type UnresolvedGroupRaw } from './publish';
import { readVillagePopulation } from './recompute';
import { type ImportedSource, PipelineCancelledError, type PipelineProgress, type SourceImporter, type StageTiming } from './types';
import { unresolvedBySource } from './unresolved';

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
}

export interface ImportedRecipeSource extends ImportedSource {
  readonly sourceId: string;
  readonly specId: string;
}

export interface RecipeRun {
  readonly village: VillageJson;
  /** Exact figures before disclosure control: for tests and the audit, never exported. */
  readonly raw: RawFigures;
  readonly linkage: LinkageOutcome;
  readonly imports: readonly ImportedRecipeSource[];
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
  const recipeFolder = path.dirname(options.recipePath);

  const postcodeLookup = recipe.geography.postcodeLookup === undefined ? undefined : readPostcodeLookup(path.resolve(recipeFolder, recipe.geography.postcodeLookup));
  // Read before any import, so a boundary file that does not fit the ward list fails the run at once.
  const baseGeography = options.geography ?? loadDefaultGeography();
  const boundaries = readRecipeBoundaries(recipe, recipeFolder, baseGeography);

  const catalog = new SourceCatalog();
  const imports = await stage('import', async () => {
    const done: ImportedRecipeSource[] = [];
    for (const source of recipe.sources) {
      progress({ stage: 'import', message: `importing ${source.id} (${source.file})` });
      const imported = await options.importer(workspace, {
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
      done.push({ ...imported, sourceId: source.id, specId: imported.report?.specId ?? source.spec });
      if (options.signal?.aborted) throw new PipelineCancelledError('import');
    }
    // Cross-table rules need every source imported; their findings join each source's report.
    const checked = await checkCrossTableRules(connection, done);
    for (const entry of done) {
      const after = checked.get(entry.sourceId);
      if (after !== undefined && entry.report !== null && entry.importId !== undefined) await storeCrossTableFindings(connection, entry.importId, entry.report, after);
    }
    return done.map((entry) => ({ ...entry, report: checked.get(entry.sourceId) ?? entry.report }));
  });

  const geography = await stage('geography', async () => {
    const adjusted = withLocalityOverrides(baseGeography, recipe.geography.localityOverrides, `recipe ${path.basename(options.recipePath)}`);
    await writeWardLocalities(connection, adjusted);
    return adjusted;
  });
  const unresolved = await stage('unresolved', () => unresolvedBySource(connection, recipe.sources.map((source) => source.id), catalog));

  const linkage = await stage('linkage', async () => {
    const outcome = await runLinkage(connection, recipe, catalog, await readDecisions(connection));
    await writeReviewPairs(connection, outcome.input, outcome.reviewPairs);
    await buildPersons(connection, recipe, catalog);
    return outcome;
  });
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
      sourceHashes: Object.fromEntries(imports.map((entry) => [entry.sourceId, entry.sha256])),
    },
  });

  const counts = await stage('indicators', async () => {
    // Each run builds the per-person facts afresh: persons and person_links have just been replaced.
    const factColumns = await buildPersonFacts(connection, factPlan(recipe), catalog);
    return countIndicators(connection, recipe, catalog, geography, factColumns);
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
    const published = publishAreas(raw, recipe, rule);
    return {
      format: VILLAGE_JSON_FORMAT,
      version: VILLAGE_JSON_VERSION,
      title: recipe.title,
      referenceDate: recipe.referenceDate,
      generatedAt: (options.now?.() ?? new Date()).toISOString(),
      recipe: { file: path.basename(options.recipePath), sha256: options.recipeSha256 },
      sources: imports.map((entry) => ({
        id: entry.sourceId,
        file: entry.fileName,
        sheet: entry.sheet,
        specId: entry.specId,
        ...(entry.report === null ? {} : { specVersion: entry.report.specVersion }),
        sha256: entry.sha256,
        sizeBytes: entry.sizeBytes,
        rowsRead: entry.rowsRead,
        rowsImported: entry.rowsImported,
        rowsRejected: entry.rowsRejected,
        importedAt: entry.importedAt,
        findings: entry.report === null ? ({} as Record<string, number>) : { errors: entry.report.totals.errors, warnings: entry.report.totals.warnings, infos: entry.report.totals.infos },
        validationReports: entry.report === null ? [] : [`validation/${entry.sourceId}.json`, `validation/${entry.sourceId}.csv`],
      })),
      suppression: { ...rule, rule: SUPPRESSION_RULE_TEXT(rule) },
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
      indicators: recipe.indicators.map((indicator) => ({
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
      })),
      areas: published.areas,
      unresolved: publishUnresolved(unresolved, rule),
      linkage: {
        ...publishLinkage(linkage.quality, linkKeyFields(linkage.input), recipe.linkage.sources, peopleWithoutAge, peopleWithoutWard, rule),
        ...(linkage.model === null ? {} : { model: linkageModelView(linkage.model, recipe.linkage.probabilistic) }),
      },
    };
  });

  return { village, raw, linkage, imports, unresolved, timings, geography };
}
