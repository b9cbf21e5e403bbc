/**
 * Random synthetic workspaces for property tests over exports: a small synthetic city from the samples
 * generator (its own seed and scale, so small-count areas are everywhere), a recipe varied at random from the
 * samples recipe (threshold, suppression symbol, partitions, indicators and their levels and units, labels
 * and a title that start with formula triggers, a source file whose name does), and the raw identifiers the
 * extracts carry: NHS numbers, UPNs, surnames and forenames (some replaced by planted marker names), dates of
 * birth and full postcodes. Every person is invented.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { generateSamples, LINKS_FILE, TRUTH_FILE } from '../../samples/generator/generate';
import { type Random, seededRandom } from './random';

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

export interface PlantedIdentifiers {
  readonly nhsNumbers: ReadonlySet<string>;
  readonly upns: ReadonlySet<string>;
  /** Surnames and forenames: the planted markers and those read from the extracts (letters only, 4 or more). */
  readonly names: ReadonlySet<string>;
  /** Marker names written into the extracts by the generator: each one unique to this workspace. */
  readonly plantedNames: ReadonlySet<string>;
  /** Dates of birth as ISO dates. */
  readonly datesOfBirth: ReadonlySet<string>;
  readonly postcodes: ReadonlySet<string>;
}

export interface RandomWorkspace {
  readonly seed: number;
  readonly scale: number;
  readonly dataFolder: string;
  readonly recipePath: string;
  readonly recipe: RecipeJson;
  readonly threshold: number;
  readonly symbol: string;
  readonly identifiers: PlantedIdentifiers;
}

type RecipeJson = Record<string, unknown> & {
  title: string;
  sources: { id: string; file: string; spec: string; attributes?: { sex?: { field: string; map: Record<string, string> } } }[];
  population: { ethnicity?: { groupFields: Record<string, string> } };
  ethnicityGroups: Record<string, string[]>;
  village: { size: number; partitions: string[]; sexCategories: string[]; ageBands: { label: string; min: number; max: number }[] };
  indicators: ({ id: string; name: string; kind?: string; unit?: number | string; levels?: string[]; numerator?: unknown; ageRange?: number[]; denominator?: unknown })[];
  disclosure: { threshold: number; symbol: string };
};

/** Text that a spreadsheet would run as a formula if it were not neutralised. */
export const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'] as const;

const TRIGGER_TITLES = ['=HYPERLINK("http://example.invalid","open me")', '+1+2 village', '-2+3 village', '@SUM(1,2) village', '\tTabbed village', '\rReturned village', 'Plain village'];

function triggered(random: Random, text: string): string {
  return random.chance(0.4) ? `${random.pick(FORMULA_TRIGGERS)}${text}` : text;
}

/** Changes the village labels, indicator names and title (sometimes to formula triggers) and the disclosure rule. */
function varyRecipe(base: RecipeJson, random: Random, renamedFiles: ReadonlyMap<string, string>): RecipeJson {
  const recipe = structuredClone(base);
  recipe.title = random.pick(TRIGGER_TITLES);
  recipe.disclosure = { threshold: random.pick([2, 3, 5, 5, 7, 10, 11]), symbol: random.pick(['c', '*', '[x]', '-', '=c']) };
  recipe.village.size = random.pick([100, 100, 50, 1000]);
  recipe.village.partitions = random.subset(['sex', 'ageBand', 'ethnicity'], 1);

  const sexLabels = new Map(recipe.village.sexCategories.map((label) => [label, triggered(random, label)]));
  recipe.village.sexCategories = recipe.village.sexCategories.map((label) => sexLabels.get(label) as string);
  for (const source of recipe.sources) {
    const sex = source.attributes?.sex;
    if (sex !== undefined) sex.map = Object.fromEntries(Object.entries(sex.map).map(([code, label]) => [code, sexLabels.get(label) ?? label]));
    source.file = renamedFiles.get(source.file) ?? source.file;
  }
  recipe.village.ageBands = recipe.village.ageBands.map((band) => ({ ...band, label: triggered(random, band.label) }));
  const ethnicity = recipe.population.ethnicity;
  if (ethnicity !== undefined) {
    const groupLabels = new Map(Object.keys(ethnicity.groupFields).map((label) => [label, triggered(random, label)]));
    ethnicity.groupFields = Object.fromEntries(Object.entries(ethnicity.groupFields).map(([label, field]) => [groupLabels.get(label) as string, field]));
    recipe.ethnicityGroups = Object.fromEntries(Object.entries(recipe.ethnicityGroups).map(([label, codes]) => [groupLabels.get(label) ?? label, codes]));
  }
  recipe.indicators = random.subset(recipe.indicators, 1).map((indicator) => ({
    ...indicator,
    name: triggered(random, indicator.name),
    unit: random.pick([100, 100, 1000, 'percent']),
    levels: indicator.kind === 'share' ? ['city', 'locality'] : random.pick([['city', 'locality'], ['city', 'locality', 'ward'], ['city', 'locality', 'ward'], ['city']]),
  }));
  // Beside "child in need", often "child in need, not looked after": their difference is the looked-after
  // children, so the two must be suppressed jointly (issue 20, break 4).
  const inNeed = recipe.indicators.find((indicator) => indicator.id === 'child_in_need');
  const lookedAfter = base.indicators.find((indicator) => indicator.id === 'looked_after');
  if (inNeed !== undefined && lookedAfter !== undefined && random.chance(0.7)) {
    recipe.indicators.push({
      ...inNeed,
      id: 'child_in_need_not_looked_after',
      name: triggered(random, 'Children in need, not looked after'),
      numerator: { allOf: [inNeed.numerator, { not: lookedAfter.numerator }] },
      levels: random.pick([inNeed.levels ?? ['city', 'locality'], ['city', 'locality', 'ward']]),
    });
  }
  // An outcome framework over the kept indicators, so the outcomes sheets and pages are exported too.
  recipe.outcomes = [
    {
      id: 'random-outcome',
      title: triggered(random, 'Safe'),
      indicators: recipe.indicators.map((indicator) => ({
        indicator: indicator.id,
        polarity: random.pick(['higher-is-better', 'lower-is-better', 'none']),
        ...(random.chance(0.5) ? { target: random.pick([1, 5, 20, 50]) } : {}),
      })),
    },
  ];
  return recipe;
}

const PLANTED_NAME_COLUMNS = /^(surname|forename|legal surname|legal forename)$/i;

/**
 * Replaces the names of the first few records of each CSV extract with marker names (letters only, unique to
 * the seed), so a leak of a name is a leak of a string that cannot occur by chance anywhere else.
 */
function plantNames(fileName: string, bytes: Buffer, seed: number, planted: Set<string>): Buffer {
  if (!fileName.endsWith('.csv')) return bytes;
  const text = bytes.toString('latin1');
  const lines = text.split('\r\n');
  const header = (lines[0] ?? '').split(',');
  const columns = header.map((label, index) => (PLANTED_NAME_COLUMNS.test(label.trim()) ? index : -1)).filter((index) => index >= 0);
  if (columns.length === 0) return bytes;
  const letters = (value: number): string => value.toString(26).split('').map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
  for (let line = 1; line < Math.min(lines.length, 9); line += 1) {
    const fields = (lines[line] ?? '').split(',');
    // Only simple lines: a quoted field could hold a comma and shift the columns.
    if (fields.length !== header.length || fields.some((field) => field.includes('"'))) continue;
    for (const column of columns) {
      const marker = `Qz${letters(seed * 1000 + line * 10 + column)}planted`;
      fields[column] = marker;
      planted.add(marker.toLowerCase());
    }
    lines[line] = fields.join(',');
  }
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

function isoOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dayFirst !== null) return `${dayFirst[3]}-${dayFirst[2]?.padStart(2, '0')}-${dayFirst[1]?.padStart(2, '0')}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return iso === null ? null : `${iso[1]}-${iso[2]}-${iso[3]}`;
}

/** Reads the identifiers every extract carries, by column label. */
function harvestIdentifiers(folder: string, files: readonly string[], publicText: string, plantedNames: ReadonlySet<string>): PlantedIdentifiers {
  const nhsNumbers = new Set<string>();
  const upns = new Set<string>();
  const names = new Set<string>(plantedNames);
  const datesOfBirth = new Set<string>();
  const postcodes = new Set<string>();
  for (const file of files) {
    const workbook = XLSX.read(fs.readFileSync(path.join(folder, file)), { type: 'buffer', cellDates: true, raw: file.endsWith('.csv') });
    for (const sheetName of workbook.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[sheetName] as XLSX.WorkSheet, { header: 1, defval: null, raw: true });
      // The header is the first row naming an identifier column; extracts may have title rows above it.
      const headerAt = rows.findIndex((row) => row.some((cell) => typeof cell === 'string' && /nhs|upn|surname|postcode|birth|^dob$/i.test(cell.trim())));
      if (headerAt < 0) continue;
      const header = (rows[headerAt] ?? []).map((cell) => String(cell ?? '').trim());
      for (const row of rows.slice(headerAt + 1)) {
        header.forEach((label, column) => {
          const value = row[column];
          if (value === null || value === undefined || value === '') return;
          const text = String(value).trim();
          if (/nhs/i.test(label)) {
            const digits = text.replace(/\s/g, '');
            if (/^\d{10}$/.test(digits)) nhsNumbers.add(digits);
          } else if (/^upn$/i.test(label)) {
            if (/^[A-Z]\d{11}[0-9A-Z]$/.test(text)) upns.add(text);
          } else if (/surname|forename|first name/i.test(label)) {
            const name = text.toLowerCase();
            if (/^[a-z]{4,}$/.test(name) && !publicText.includes(name)) names.add(name);
          } else if (/birth|^dob$/i.test(label)) {
            const iso = isoOf(value);
            if (iso !== null) datesOfBirth.add(iso);
          } else if (/postcode/i.test(label) && !/district/i.test(label)) {
            if (/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i.test(text) && !/^ZZ99/i.test(text)) postcodes.add(text.toUpperCase());
          }
        });
      }
    }
  }
  return { nhsNumbers, upns, names, plantedNames, datesOfBirth, postcodes };
}

export interface RandomWorkspacePlan {
  readonly seed: number;
  readonly scale: number;
  /** Extract file name → the name it is written under (one CSV extract gets a formula trigger in front). */
  readonly fileNames: ReadonlyMap<string, string>;
  readonly recipe: RecipeJson;
}

/** The random choices for a seed, without writing anything. */
export function planRandomWorkspace(seed: number): RandomWorkspacePlan {
  const random = seededRandom(seed);
  const scale = random.pick([0.001, 0.0015, 0.002, 0.003]);
  const base = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'birmingham.recipe.json'), 'utf8')) as RecipeJson;
  const csvSources = base.sources.filter((source) => source.file.endsWith('.csv')).map((source) => source.file);
  const renamedSource = random.pick(csvSources);
  const fileNames = new Map([[renamedSource, `${random.pick(['=', '+', '@', '-'])}${renamedSource}`]]);
  return { seed, scale, fileNames, recipe: varyRecipe(base, random, fileNames) };
}

/** Writes a random workspace's extracts and recipe into `folder`; the same seed always gives the same files. */
export function createRandomWorkspace(seed: number, folder: string): RandomWorkspace {
  const { scale, fileNames, recipe } = planRandomWorkspace(seed);
  const dataFolder = path.join(folder, 'data');
  fs.mkdirSync(dataFolder, { recursive: true });
  const plantedNames = new Set<string>();
  const written: string[] = [];
  for (const [name, bytes] of generateSamples({ seed, scale })) {
    if (name === TRUTH_FILE || name === LINKS_FILE) continue;
    const target = fileNames.get(name) ?? name;
    fs.writeFileSync(path.join(dataFolder, target), plantNames(name, bytes, seed, plantedNames));
    written.push(target);
  }
  // The specification files the samples recipe names by path sit beside it.
  for (const name of fs.readdirSync(SAMPLES).filter((file) => file.endsWith('.spec.json'))) fs.copyFileSync(path.join(SAMPLES, name), path.join(dataFolder, name));
  const recipePath = path.join(dataFolder, 'random.recipe.json');
  fs.writeFileSync(recipePath, `${JSON.stringify(recipe, null, 2)}\n`);

  const publicText = [
    fs.readFileSync(path.resolve(import.meta.dirname, '../../electron/engine/geography/reference/wards.csv'), 'utf8'),
    JSON.stringify(recipe),
  ].join('\n').toLowerCase();
  return {
    seed,
    scale,
    dataFolder,
    recipePath,
    recipe,
    threshold: recipe.disclosure.threshold,
    symbol: recipe.disclosure.symbol,
    identifiers: harvestIdentifiers(dataFolder, written, publicText, plantedNames),
  };
}
