/**
 * The wellbeing survey of children and young people aged 8–25: anonymous responses (age, locality,
 * "Are you happy?"), exported from an online form as UTF-8 CSV. No identifiers, so not linked to people.
 */
import { dayOf, isoDate, WINDOW_END } from '../dates';
import { booleanText, ExtractRecorder } from '../mess';
import { csvText, encodeUtf8 } from '../output';
import type { ExtractContext, ExtractFile } from './common';

export const SURVEY_FILE = 'voice_wellbeing_survey.csv';
const SURVEY_COLUMNS = ['Response ID', 'Submitted', 'Age', 'Locality', 'Are you happy?'];
const SURVEY_MESS = {
  happyBooleanVariant: 0.1,
  localityVariant: 0.12,
  unresolvableLocality: 0.02,
};
const UNRESOLVABLE_LOCALITIES = ["Don't know", 'Prefer not to say', 'Solihull', ''];

function localityVariant(locality: string, draw: number): string {
  const variants = [locality.toUpperCase(), locality.toLowerCase(), `${locality} `, `Birmingham, ${locality}`];
  return variants[Math.floor(draw * variants.length)] as string;
}

export function writeSurvey(context: ExtractContext): ExtractFile {
  const random = context.random.fork('survey');
  const recorder = new ExtractRecorder(SURVEY_FILE, context.mess);
  // The survey ran in the spring before the latest quarter's end; an earlier quarter's ran as long before its end.
  const sinceLatest = context.activityWindow[1] - WINDOW_END;
  const surveyStart = dayOf(2024, 3, 1) + sinceLatest;
  const surveyEnd = dayOf(2024, 5, 31) + sinceLatest;
  const rows = context.services.survey.map((response, index) => {
    const rowNumber = index + 2;
    let locality: string = response.person.locality;
    const localityDraw = random.next();
    if (localityDraw < SURVEY_MESS.unresolvableLocality) {
      locality = random.pick(UNRESOLVABLE_LOCALITIES);
      recorder.mess(null, 'Locality', 'unresolvable_locality', rowNumber);
    } else if (localityDraw < SURVEY_MESS.unresolvableLocality + SURVEY_MESS.localityVariant) {
      locality = localityVariant(locality, random.next());
      recorder.mess(null, 'Locality', 'locality_name_variant', rowNumber);
    }
    const happyVariant = random.chance(SURVEY_MESS.happyBooleanVariant);
    if (happyVariant) recorder.mess(null, 'Are you happy?', 'boolean_variant', rowNumber);
    const submitted = isoDate(random.int(surveyStart, surveyEnd));
    return [`R${String(index + 1).padStart(6, '0')}`, submitted, String(response.person.age), locality, booleanText(response.happy, happyVariant, random, ['Yes', 'No'])];
  });
  return { name: SURVEY_FILE, bytes: encodeUtf8(csvText([SURVEY_COLUMNS, ...rows])), links: [] };
}
