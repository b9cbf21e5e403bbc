/**
 * Builds the synthetic city and every sample file in memory: the extracts, truth.json and
 * truth_links.csv. Same seed and scale, same bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Day, isoDate, REFERENCE_DAY, WINDOW_END, WINDOW_START } from './dates';
import { writeAttendance } from './extracts/attendance';
import { type ExtractContext, type ExtractFile, RecordedEthnicity, ethnicCodeTable } from './extracts/common';
import { writeEhcPlans, writeSchoolCensus, writeSuspensions } from './extracts/education';
import { writeHealthRegister, writeMentalHealthReferrals } from './extracts/health';
import { writePoliceIncidents } from './extracts/police';
import { writePoliceNotices } from './extracts/police-notices';
import { writePopulationEstimates } from './extracts/population-estimates';
import { writeSocialCare } from './extracts/socialcare';
import { writeSurvey } from './extracts/voice';
import { MessLedger } from './mess';
import { csvText } from './output';
import { buildCity, type City } from './population';
import { Random } from './random';
import { loadGeography } from './reference';
import { buildServices, type Services } from './services';
import { computeAreas } from './truth';
import { activityWindowOf, EARLIER_PERIODS, earlierWorld, filesSharedWithLatest } from './periods';

export const TRUTH_FILE = 'truth.json';
export const LINKS_FILE = 'truth_links.csv';
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  seed: number;
  scale: number;
}

export interface World {
  city: City;
  services: Services;
}

/** The people and what each agency knows about them, without writing any file (used by the marginals test). */
export function buildWorld({ seed, scale }: GenerateOptions): World {
  if (!(scale > 0)) throw new Error('scale must be greater than zero');
  if (!Number.isInteger(seed)) throw new Error('seed must be an integer');
  const random = new Random(seed, 'city');
  const city = buildCity(loadGeography(), scale, random.fork('population'));
  const services = buildServices(city, scale, random.fork('services'));
  return { city, services };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function extractContext(world: World, seed: number, activityWindow: readonly [Day, Day] = [WINDOW_START, WINDOW_END]): ExtractContext {
  return {
    city: world.city,
    services: world.services,
    geography: world.city.geography,
    random: new Random(seed, 'extracts'),
    mess: new MessLedger(),
    features: new MessLedger(),
    ethnicity: new RecordedEthnicity(new Random(seed, 'recorded-ethnicity')),
    activityWindow,
  };
}

/** Every extract of a world, in a fixed order (population estimates included). */
function writeExtracts(context: ExtractContext): ExtractFile[] {
  return [
    writeHealthRegister(context),
    writeMentalHealthReferrals(context),
    writeSchoolCensus(context),
    writeEhcPlans(context),
    writeSuspensions(context),
    writePoliceIncidents(context),
    writePoliceNotices(context),
    writeSocialCare(context),
    writePopulationEstimates(context),
    writeSurvey(context),
    writeAttendance(context),
  ];
}

/** The files of the three earlier quarters, named `periods/<slug>/<file>`: every extract but those shared with the latest quarter. */
export function generatePeriodSamples(options: GenerateOptions): Map<string, Buffer> {
  const world = buildWorld(options);
  const files = new Map<string, Buffer>();
  for (const period of EARLIER_PERIODS) {
    const earlier = earlierWorld(world, period, new Random(options.seed, `period-${period.slug}`));
    const shared = filesSharedWithLatest(period);
    for (const extract of writeExtracts(extractContext(earlier, options.seed, activityWindowOf(period)))) {
      if (!shared.has(extract.name)) files.set(`periods/${period.slug}/${extract.name}`, extract.bytes);
    }
  }
  return files;
}

/** Every generated file by name, in a fixed order. */
export function generateSamples(options: GenerateOptions): Map<string, Buffer> {
  const world = buildWorld(options);
  const context = extractContext(world, options.seed);
  const extracts = writeExtracts(context);

  const areas = computeAreas(world.city, world.services);
  assertIndicatorsMatchLatentTruth(world, areas.city.indicators);
  const links = extracts.flatMap((extract) => extract.links);
  const linksCsv = Buffer.from(csvText([['file', 'sheet', 'row', 'person_id'], ...links.map((link) => [link.file, link.sheet ?? '', String(link.row), link.personId])]), 'utf8');

  const truth = {
    about: 'Answer key for the synthetic Birmingham samples. Counts are true values before any mess was injected. Never read by the pipeline; only tests compare against it.',
    generator: { version: GENERATOR_VERSION, seed: options.seed, scale: options.scale, command: `npm run samples -- --scale ${options.scale} --seed ${options.seed} --out <dir>` },
    dates: { ageReferenceDay: isoDate(REFERENCE_DAY), activityWindow: [isoDate(WINDOW_START), isoDate(WINDOW_END)] },
    files: Object.fromEntries([...extracts.map((extract) => [extract.name, { sha256: sha256(extract.bytes), bytes: extract.bytes.length, linkedRows: extract.links.length }]), [LINKS_FILE, { sha256: sha256(linksCsv), bytes: linksCsv.length, linkedRows: 0 }]]),
    definitions: areas.definitions,
    city: areas.city,
    localities: areas.localities,
    mess: context.mess.summary(),
    features: context.features.summary(),
    ethnicCodes: ethnicCodeTable(),
  };
  const files = new Map<string, Buffer>();
  for (const extract of extracts) files.set(extract.name, extract.bytes);
  files.set(LINKS_FILE, linksCsv);
  files.set(TRUTH_FILE, Buffer.from(`${JSON.stringify(truth, null, 2)}\n`, 'utf8'));
  return files;
}

/**
 * The indicators derived from agency records must equal the latent conditions the population model drew,
 * or the village figures could not be recovered from the extracts.
 */
function assertIndicatorsMatchLatentTruth(world: World, indicators: Record<string, { count: number }>): void {
  const latent = {
    acute_household_need: world.city.people.filter((person) => person.acuteHouseholdNeed).length,
    mental_health_need: world.city.people.filter((person) => person.mentalHealthNeed).length,
  };
  for (const [name, expected] of Object.entries(latent)) {
    const derived = indicators[name]?.count;
    if (derived !== expected) throw new Error(`${name}: derived ${derived} people from the records but the population has ${expected}`);
  }
}

export function writeSamples(directory: string, files: Map<string, Buffer>): void {
  fs.mkdirSync(directory, { recursive: true });
  for (const [name, bytes] of files) {
    fs.mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    fs.writeFileSync(path.join(directory, name), bytes);
  }
}
