/**
 * A recipe: everything one run of `village run` needs, as data the user can read and change. It names the
 * extracts and their specifications, how people are linked, which source's attributes win for a person,
 * the village partitions, the indicators (declared here, not hard-coded) and the disclosure rule.
 *
 * Recipes are user input. Field and source names are checked here for shape (snake_case, declared ids) and
 * again by the engine against the imported tables before any of them reaches SQL; operators come from the
 * closed `Condition` language below and values are always bound as parameters. The format is documented in
 * docs/recipe.md.
 */
import { z } from 'zod';
import { specRuleSchema } from './rules';
import { columnMappingSchema, isSpecificationPath } from './spec';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date written yyyy-mm-dd')
  .refine((text) => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'is not a real calendar date');

/** How far down a chosen header row may be: the engine looks for the header among the rows it reads first. */
export const MAX_HEADER_ROW = 100;
/**
 * The row of column titles chosen by the user (the lower row of a two-row header), 1-based as Excel numbers
 * rows; replaces the detected header. A row that is empty or past the end is refused, naming file, sheet and row.
 */
export const headerRowSchema = z
  .number()
  .int()
  .min(1, 'Rows are numbered from 1')
  .max(MAX_HEADER_ROW, `The header row must be one of the first ${MAX_HEADER_ROW} rows`);

/** A source id: also part of workspace table names, so lower-case snake_case. */
export const sourceIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be snake_case starting with a letter (at most 41 characters)');
/** A field of an imported table, as the specification names it. */
export const fieldNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a snake_case field name');

const scalarSchema = z.union([z.string(), z.number().finite(), z.boolean()]);
export type ConditionValue = z.infer<typeof scalarSchema>;

/**
 * The closed condition language. Each leaf tests the records a person has in one linked source:
 * - `exists`: the person has at least one record in the source;
 * - `equals` / `in`: some record's field equals the value / one of the values;
 * - `containsAny`: some record's field, a list of codes such as "3B,4B" (separated by anything that is not a
 *   letter or digit, compared ignoring case), contains any of the codes;
 * - `isNotNull`: some record's field has a value;
 * - `sumOf` / `per` / `atLeast`: over all the person's records, the fields in `sumOf` add up to at least
 *   `atLeast` times the sum of `per` (which must be above zero): e.g. absence sessions at least 0.1 of
 *   sessions possible, persistent absence.
 * `anyOf`, `allOf` and `not` combine them.
 */
export type Condition =
  | { readonly anyOf: readonly Condition[] }
  | { readonly allOf: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly source: string; readonly exists: true }
  | { readonly source: string; readonly field: string; readonly equals: ConditionValue }
  | { readonly source: string; readonly field: string; readonly in: readonly ConditionValue[] }
  | { readonly source: string; readonly field: string; readonly containsAny: readonly string[] }
  | { readonly source: string; readonly field: string; readonly isNotNull: true }
  | { readonly source: string; readonly sumOf: readonly string[]; readonly per: string; readonly atLeast: number };

/**
 * How deep `anyOf`, `allOf` and `not` may sit inside one another. Real indicators need three or four levels;
 * without a bound a condition 1,000 deep overflows the stack of whatever walks it (the condition compiler, the
 * nesting check) or DuckDB's expression depth after the imports have run.
 */
export const MAX_CONDITION_DEPTH = 16;

/** The nesting depth of a condition-shaped value (1 for a leaf), counted without recursion; stops past the bound. */
function conditionDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_CONDITION_DEPTH) return deepest;
    const record = node as Record<string, unknown>;
    for (const key of ['anyOf', 'allOf'] as const) {
      const parts = record[key];
      if (Array.isArray(parts)) for (const part of parts) stack.push([part, depth + 1]);
    }
    if ('not' in record) stack.push([record.not, depth + 1]);
  }
  return deepest;
}

const conditionShapeSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ anyOf: z.array(conditionSchema).min(1) }),
    z.strictObject({ allOf: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ source: sourceIdSchema, exists: z.literal(true) }),
    z.strictObject({ source: sourceIdSchema, field: fieldNameSchema, equals: scalarSchema }),
    z.strictObject({ source: sourceIdSchema, field: fieldNameSchema, in: z.array(scalarSchema).min(1).max(200) }),
    z.strictObject({ source: sourceIdSchema, field: fieldNameSchema, containsAny: z.array(z.string().regex(/^[A-Za-z0-9]+$/, 'codes are letters and digits')).min(1).max(200) }),
    z.strictObject({ source: sourceIdSchema, field: fieldNameSchema, isNotNull: z.literal(true) }),
    z.strictObject({ source: sourceIdSchema, sumOf: z.array(fieldNameSchema).min(1).max(20), per: fieldNameSchema, atLeast: z.number().finite().min(0) }),
  ]),
);

/** A condition, its depth checked before its shape so that a deep one is refused without walking it recursively. */
export const conditionSchema: z.ZodType<Condition> = z
  .unknown()
  .superRefine((value, context) => {
    if (conditionDepth(value) > MAX_CONDITION_DEPTH) {
      context.addIssue({ code: 'custom', message: `conditions nest at most ${MAX_CONDITION_DEPTH} deep (anyOf, allOf and not inside one another); this one is deeper`, abort: true });
    }
  })
  .pipe(conditionShapeSchema);

/** Every source a condition mentions, in order of first mention. */
export function conditionSources(condition: Condition): string[] {
  const found: string[] = [];
  const visit = (node: Condition): void => {
    if ('anyOf' in node) node.anyOf.forEach(visit);
    else if ('allOf' in node) node.allOf.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (!found.includes(node.source)) found.push(node.source);
  };
  visit(condition);
  return found;
}

const ageSchema = z.number().int().min(0).max(130);
const ageRangeSchema = z.tuple([ageSchema, ageSchema]);

/** The age bands a population declares, as inclusive ranges (a single year is a band of one). */
export function populationAgeBands(population: Recipe['population']): { key: string; min: number; max: number }[] {
  if (population.ageFields !== undefined) return Object.entries(population.ageFields).map(([key, age]) => ({ key, min: age, max: age }));
  if (population.ageBandFields !== undefined) return Object.entries(population.ageBandFields).map(([key, [min, max]]) => ({ key, min, max }));
  return Object.entries(population.long?.ageBands ?? {}).map(([key, [min, max]]) => ({ key, min, max }));
}

const sexAttributeSchema = z.strictObject({
  field: fieldNameSchema,
  /** Stored code → village sex category, e.g. {"1": "Male", "2": "Female", "9": "Non-binary"}. */
  map: z.record(z.string(), z.string().min(1)),
});

const sourceSchema = z.strictObject({
  id: sourceIdSchema,
  /** Path of the extract, relative to the recipe file. */
  file: z.string().min(1),
  /** The sheet to read from a workbook (default: the specification's sheet, else the first). */
  sheet: z.string().min(1).optional(),
  /** The header row chosen on the Import screen (1-based), for a sheet whose header the engine does not find itself. */
  headerRow: headerRowSchema.optional(),
  /**
   * A specification id, e.g. `health-child-register` (bundled, or kept in the workspace), or the path of a
   * specification file relative to the recipe, e.g. `pupil-attendance.spec.json`.
   */
  spec: z
    .string()
    .min(1)
    .max(1024)
    .refine((reference) => isSpecificationPath(reference) || /^[a-z0-9][a-z0-9-]*$/.test(reference), 'must be a specification id (kebab-case) or a specification file path ending in .json'),
  /** A saved column mapping, so next quarter's file maps in one step. */
  mapping: columnMappingSchema.optional(),
  /** Row and cross-table rules this recipe adds to the specification's own (shared/rules.ts). */
  rules: z.array(specRuleSchema).optional(),
  /** Which fields carry a person's attributes, for the person index and the linkage guards. */
  attributes: z
    .strictObject({
      dateOfBirth: fieldNameSchema.optional(),
      sex: sexAttributeSchema.optional(),
      ethnicity: fieldNameSchema.optional(),
      /** The stored postcode district (e.g. `postcode_district`), used by the second linkage pass. */
      district: fieldNameSchema.optional(),
      /** The stored LSOA code, used by the second linkage pass. */
      lsoa: fieldNameSchema.optional(),
      /**
       * The ages (inclusive, on the reference date) every record of this source covers, e.g. [0, 25] for a
       * 0–25 service. A person without a date of birth counts in indicators whose age range holds this range.
       */
      ageRange: z.tuple([z.number().int().min(0).max(130), z.number().int().min(0).max(130)]).optional(),
    })
    .optional(),
});
export type RecipeSource = z.infer<typeof sourceSchema>;

const ageBandSchema = z.strictObject({
  label: z.string().min(1),
  min: z.number().int().min(0).max(130),
  max: z.number().int().min(0).max(130),
});

/**
 * The parts a blocking rule can require to be equal between two records. Candidate pairs are the pairs equal on
 * every part of at least one rule; only those are scored.
 */
export const BLOCKING_PARTS = ['dob', 'birth-year', 'day-month-swapped', 'forename-phonetic', 'surname-phonetic', 'names-swapped', 'ward', 'district', 'sex'] as const;
export type BlockingPart = (typeof BLOCKING_PARTS)[number];

export const DEFAULT_BLOCKING_RULES: readonly (readonly BlockingPart[])[] = [
  ['dob', 'surname-phonetic'],
  ['dob', 'forename-phonetic'],
  ['forename-phonetic', 'surname-phonetic', 'birth-year'],
  ['names-swapped', 'birth-year'],
  ['dob', 'ward'],
];

const probabilisticSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Pairs whose match probability reaches this are linked (subject to the identifier guards). */
  threshold: z.number().gt(0).lt(1).default(0.95),
  /** Pairs from this probability up to the threshold are offered for clerical review. */
  reviewFrom: z.number().gt(0).lt(1).default(0.2),
  blocking: z.array(z.array(z.enum(BLOCKING_PARTS)).min(1)).min(1).default(DEFAULT_BLOCKING_RULES.map((rule) => [...rule])),
});
export type ProbabilisticSettings = z.infer<typeof probabilisticSchema>;
const DEFAULT_PROBABILISTIC: ProbabilisticSettings = { enabled: true, threshold: 0.95, reviewFrom: 0.2, blocking: DEFAULT_BLOCKING_RULES.map((rule) => [...rule]) };

export const AREA_LEVELS = ['city', 'locality', 'ward'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
const levelsSchema = z.array(z.enum(AREA_LEVELS)).min(1);

export const unitSchema = z.union([z.literal(100), z.literal(1000), z.literal('percent')]);
export type IndicatorUnit = z.infer<typeof unitSchema>;

/**
 * Who an indicator counts among: `population` (the population estimates in the age range), `persons` (people
 * in the linked person index in the age range) or `{persons: Condition}` (those people who also satisfy the
 * condition, e.g. "on the child health register").
 */
const denominatorSchema = z.union([
  z.literal('population'),
  z.literal('persons'),
  z.strictObject({ persons: conditionSchema }),
]);
export type IndicatorDenominator = z.infer<typeof denominatorSchema>;

const indicatorCommon = {
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
  name: z.string().min(1),
  description: z.string().min(1),
  unit: unitSchema.default(100),
  levels: levelsSchema.default(['city', 'locality']),
};

const peopleIndicatorSchema = z.strictObject({
  ...indicatorCommon,
  kind: z.literal('people').default('people'),
  /** Inclusive ages in completed years. */
  ageRange: z.tuple([z.number().int().min(0).max(130), z.number().int().min(0).max(130)]),
  /** The day ages are taken on for this indicator (default: the recipe's referenceDate). */
  ageAt: isoDate.optional(),
  numerator: conditionSchema,
  denominator: denominatorSchema,
  /**
   * `observed` (default): count the people satisfying the numerator. `rate-applied-to-population`: measure the
   * rate among the denominator (who can be observed, e.g. pupils), then apply it to the area's population in the
   * age range; for indicators seen only for part of the population (poverty is seen as free school meals).
   */
  estimate: z.enum(['observed', 'rate-applied-to-population']).default('observed'),
});

const shareIndicatorSchema = z.strictObject({
  ...indicatorCommon,
  /** A survey-style share from a source without person linkage, grouped by the source's own locality field. */
  kind: z.literal('share'),
  source: sourceIdSchema,
  areaField: fieldNameSchema,
  field: fieldNameSchema,
  equals: scalarSchema,
  levels: z.array(z.enum(['city', 'locality'])).min(1).default(['city', 'locality']),
});

const indicatorSchema = z.union([shareIndicatorSchema, peopleIndicatorSchema]);
export type PeopleIndicator = z.output<typeof peopleIndicatorSchema>;
export type ShareIndicator = z.output<typeof shareIndicatorSchema>;
export type Indicator = PeopleIndicator | ShareIndicator;

/**
 * The period a run's extracts describe, e.g. "2025/26 Q2" from 2025-07-01 to 2025-09-30, ages taken on the
 * reference date. Runs of the same recipe (by title) with different period labels form a series; a re-run of a
 * label replaces that period's figures in the series (the older run is kept, audited).
 */
export const periodSchema = z
  .strictObject({
    /** How the period is named on every page and sheet, e.g. "Spring term 2025" or "2025/26 Q2". */
    label: z.string().trim().min(1).max(64),
    start: isoDate,
    end: isoDate,
    /** The day ages are taken on; the same as the recipe's referenceDate. */
    referenceDate: isoDate,
  })
  .superRefine((period, context) => {
    if (period.start > period.end) context.addIssue({ code: 'custom', path: ['end'], message: `the period ends (${period.end}) before it starts (${period.start})` });
  });
export type RunPeriod = z.output<typeof periodSchema>;

/**
 * Which way an indicator should move: `higher-is-better` (happy, school readiness), `lower-is-better` (poverty,
 * persistent absence) or `none` (EHC plans: more is neither better nor worse), so comparisons are called
 * better / similar / worse, or higher / similar / lower without a polarity.
 */
export const POLARITIES = ['higher-is-better', 'lower-is-better', 'none'] as const;
export type Polarity = (typeof POLARITIES)[number];

/** An indicator under an outcome: its polarity and, optionally, the plan's target in the indicator's own unit. */
export const outcomeIndicatorSchema = z.strictObject({
  indicator: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be the snake_case id of a declared indicator'),
  polarity: z.enum(POLARITIES),
  /** The value the plan aims for, in the indicator's unit (per 100, per 1,000 or percent). */
  target: z.number().finite().optional(),
});
export type OutcomeIndicator = z.output<typeof outcomeIndicatorSchema>;

/** One of the plan's outcomes (Safe, Healthy, Happy, Learning, Belonging…) and the indicators that measure it. */
export const outcomeSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lower-case, starting with a letter'),
  title: z.string().trim().min(1).max(80),
  description: z.string().min(1).optional(),
  indicators: z.array(outcomeIndicatorSchema).min(1),
});
export type Outcome = z.output<typeof outcomeSchema>;

export const PARTITIONS = ['sex', 'ageBand', 'ethnicity'] as const;
export type PartitionName = (typeof PARTITIONS)[number];

export const recipeSchema = z
  .strictObject({
    version: z.literal(1),
    title: z.string().min(1),
    /** Ages are computed in completed years on this day. */
    referenceDate: isoDate,
    sources: z.array(sourceSchema).min(1),
    geography: z
      .strictObject({
        /** Ward (code or name) → locality: moves a ward away from the shipped default map. */
        localityOverrides: z.record(z.string().min(1), z.string().min(1)).default({}),
        /** A postcode lookup file (relative to the recipe), passed to the importer. */
        postcodeLookup: z.string().min(1).optional(),
        /**
         * The authority's own boundary GeoJSON (relative to the recipe; longitude/latitude) instead of the shipped
         * ONS 2018 wards: features carry a ward code or an LSOA code in `codeProperty` (found when not named).
         */
        boundaries: z
          .strictObject({
            file: z.string().min(1),
            codeProperty: z.string().min(1).optional(),
            /** The attribution its licence asks for, shown with every map (default: the OS/ONS statement). */
            attribution: z.string().min(1).optional(),
          })
          .optional(),
      })
      .default({ localityOverrides: {} }),
    population: z.strictObject({
      /**
       * The population estimates by area (any geography the import resolves to a ward: LSOA, ward code or
       * name), sex and age. The ages come in one of three shapes: `ageFields` (wide, one column per single
       * year), `ageBandFields` (wide, one column per band) or `long` (one row per age or band with a count).
       */
      source: sourceIdSchema,
      sexField: fieldNameSchema,
      /** Wide single years: field → the year of age it counts, e.g. {"age_0": 0, …}. */
      ageFields: z.record(fieldNameSchema, ageSchema).optional(),
      /** Wide bands: field → the inclusive ages it counts, e.g. {"age_0_4": [0, 4], …}. */
      ageBandFields: z.record(fieldNameSchema, ageRangeSchema).optional(),
      /**
       * Long: a field holding the age (or band) and a field holding the count. Without `ageBands` the age field
       * holds single years; with it, each value it may hold → the inclusive ages, e.g. {"0-4": [0, 4], …}.
       */
      long: z
        .strictObject({
          ageField: fieldNameSchema,
          countField: fieldNameSchema,
          ageBands: z.record(z.string().min(1), ageRangeSchema).optional(),
        })
        .optional(),
      ethnicity: z
        .strictObject({
          source: sourceIdSchema,
          /** Village ethnicity group → the field counting it. */
          groupFields: z.record(z.string().min(1), fieldNameSchema),
        })
        .optional(),
    }),
    /** Stored ethnicity code (any source) → village group, as group → codes. Codes not listed are "not known". */
    ethnicityGroups: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
    village: z.strictObject({
      size: z.number().int().min(1).max(1000).default(100),
      partitions: z.array(z.enum(PARTITIONS)).min(1).default(['sex', 'ageBand', 'ethnicity']),
      /** Category order of the sex partition (it is also the tie-break order of largest-remainder rounding). */
      sexCategories: z.array(z.string().min(1)).min(1),
      ageBands: z.array(ageBandSchema).min(1),
      /** An area whose population is below this is flagged as small. */
      smallAreaMinimum: z.number().int().min(0).default(1000),
    }),
    linkage: z.strictObject({
      sources: z.array(sourceIdSchema).min(1),
      /** The probabilistic (Fellegi–Sunter) stage after the exact keys; electron/engine/linkage/README.md. */
      probabilistic: probabilisticSchema.default(DEFAULT_PROBABILISTIC),
    }),
    /** Which source's date of birth, sex, ethnicity and ward win for a person, first first. */
    personAttributes: z.strictObject({ priority: z.array(sourceIdSchema).min(1) }).optional(),
    indicators: z.array(indicatorSchema).default([]),
    /** The period the extracts describe (also given at run time: `village run --period`). */
    period: periodSchema.optional(),
    /** The outcome framework: the plan's outcomes, each with its indicators, their polarity and targets. */
    outcomes: z.array(outcomeSchema).default([]),
    disclosure: z
      .strictObject({
        threshold: z.number().int().min(1).max(100).default(5),
        symbol: z.string().min(1).max(8).default('c'),
      })
      .default({ threshold: 5, symbol: 'c' }),
  })
  .superRefine((recipe, context) => {
    const problem = (path: (string | number)[], message: string): void => {
      context.addIssue({ code: 'custom', path, message });
    };
    const ids = new Set<string>();
    recipe.sources.forEach((source, index) => {
      if (ids.has(source.id)) problem(['sources', index, 'id'], `source "${source.id}" is declared twice`);
      ids.add(source.id);
    });
    const known = (id: string, path: (string | number)[]): boolean => {
      if (ids.has(id)) return true;
      problem(path, `unknown source "${id}" (declared sources: ${[...ids].join(', ')})`);
      return false;
    };
    known(recipe.population.source, ['population', 'source']);
    if (recipe.population.ethnicity) known(recipe.population.ethnicity.source, ['population', 'ethnicity', 'source']);
    const shapes = (['ageFields', 'ageBandFields', 'long'] as const).filter((shape) => recipe.population[shape] !== undefined);
    if (shapes.length !== 1) {
      problem(['population'], shapes.length === 0 ? 'give the ages as ageFields, ageBandFields or long' : `give the ages one way, not as ${shapes.join(' and ')}`);
    }
    if (recipe.population.ageFields !== undefined && Object.keys(recipe.population.ageFields).length === 0) problem(['population', 'ageFields'], 'name at least one age field');
    if (recipe.population.ageBandFields !== undefined && Object.keys(recipe.population.ageBandFields).length === 0) problem(['population', 'ageBandFields'], 'name at least one age band field');
    const declaredBands = populationAgeBands(recipe.population);
    declaredBands.forEach((band, index) => {
      if (band.min > band.max) problem(['population'], `the population age band "${band.key}" has its ages backwards`);
      const overlapping = declaredBands.slice(0, index).find((other) => band.min <= other.max && other.min <= band.max);
      if (overlapping !== undefined) problem(['population'], `the population age bands "${overlapping.key}" and "${band.key}" overlap`);
    });
    const linked = new Set<string>();
    recipe.linkage.sources.forEach((id, index) => {
      if (known(id, ['linkage', 'sources', index])) {
        if (linked.has(id)) problem(['linkage', 'sources', index], `source "${id}" is listed twice`);
        linked.add(id);
      }
    });
    recipe.personAttributes?.priority.forEach((id, index) => {
      if (known(id, ['personAttributes', 'priority', index]) && !linked.has(id)) {
        problem(['personAttributes', 'priority', index], `source "${id}" is not linked, so it has no people (add it to linkage.sources)`);
      }
    });
    recipe.village.ageBands.forEach((band, index) => {
      if (band.min > band.max) problem(['village', 'ageBands', index], `age band "${band.label}" has min above max`);
      recipe.village.ageBands.slice(0, index).forEach((other) => {
        if (band.min <= other.max && other.min <= band.max) problem(['village', 'ageBands', index], `age band "${band.label}" overlaps "${other.label}"`);
      });
    });
    if (recipe.village.partitions.includes('ethnicity') && !recipe.population.ethnicity) {
      problem(['village', 'partitions'], 'the ethnicity partition needs population.ethnicity');
    }
    const indicatorIds = new Set<string>();
    recipe.indicators.forEach((indicator, index) => {
      if (indicatorIds.has(indicator.id)) problem(['indicators', index, 'id'], `indicator "${indicator.id}" is declared twice`);
      indicatorIds.add(indicator.id);
      if (indicator.kind === 'share') {
        known(indicator.source, ['indicators', index, 'source']);
        return;
      }
      if (indicator.ageRange[0] > indicator.ageRange[1]) problem(['indicators', index, 'ageRange'], 'the age range runs backwards');
      const conditions = [indicator.numerator, ...(typeof indicator.denominator === 'object' ? [indicator.denominator.persons] : [])];
      for (const source of conditions.flatMap(conditionSources)) {
        if (known(source, ['indicators', index]) && !linked.has(source)) {
          problem(['indicators', index], `indicator "${indicator.id}" uses source "${source}", which is not in linkage.sources`);
        }
      }
      if (indicator.estimate === 'rate-applied-to-population' && indicator.denominator === 'population') {
        problem(['indicators', index, 'estimate'], 'a rate applied to the population needs an observed denominator (persons)');
      }
    });
    if (recipe.period !== undefined && recipe.period.referenceDate !== recipe.referenceDate) {
      problem(['period', 'referenceDate'], `the period's reference date (${recipe.period.referenceDate}) differs from the recipe's referenceDate (${recipe.referenceDate})`);
    }
    const outcomeIds = new Set<string>();
    recipe.outcomes.forEach((outcome, index) => {
      if (outcomeIds.has(outcome.id)) problem(['outcomes', index, 'id'], `outcome "${outcome.id}" is declared twice`);
      outcomeIds.add(outcome.id);
      const listed = new Set<string>();
      outcome.indicators.forEach((entry, position) => {
        const path = ['outcomes', index, 'indicators', position, 'indicator'];
        if (!indicatorIds.has(entry.indicator)) problem(path, `unknown indicator "${entry.indicator}" (declared indicators: ${[...indicatorIds].join(', ')})`);
        if (listed.has(entry.indicator)) problem(path, `indicator "${entry.indicator}" is listed twice under outcome "${outcome.id}"`);
        listed.add(entry.indicator);
      });
    });
    const polarities = new Map<string, Polarity>();
    recipe.outcomes.forEach((outcome, index) => {
      outcome.indicators.forEach((entry, position) => {
        const earlier = polarities.get(entry.indicator);
        if (earlier !== undefined && earlier !== entry.polarity) {
          problem(['outcomes', index, 'indicators', position, 'polarity'], `indicator "${entry.indicator}" is "${earlier}" under another outcome; give it one polarity`);
        }
        polarities.set(entry.indicator, entry.polarity);
      });
    });
  });

export type Recipe = z.output<typeof recipeSchema>;
export type RecipeInput = z.input<typeof recipeSchema>;

export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

/** Parses and checks a recipe, throwing a RecipeError whose message lists every problem with its path. */
export function parseRecipe(json: unknown): Recipe {
  const result = recipeSchema.safeParse(json);
  if (!result.success) throw new RecipeError(`Invalid recipe:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** The age band label of an age, or null when no band holds it. */
export function ageBandOf(age: number, bands: Recipe['village']['ageBands']): string | null {
  return bands.find((band) => age >= band.min && age <= band.max)?.label ?? null;
}
