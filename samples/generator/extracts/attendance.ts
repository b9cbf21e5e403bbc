/**
 * Pupil attendance for 2023/24, as schools return it in the school census attendance module: one row per
 * pupil and term with the sessions possible and the authorised and unauthorised absence sessions. A
 * pupil's absence rate is higher with SEN support, an EHC plan or free school meals, as in the national
 * figures. Each pupil's draws come from a stream of their own (by person id and school), so the answer key
 * (truth.ts) and the extract see the same sessions.
 */
import { csvText, encodeUtf8 } from '../output';
import { ExtractRecorder } from '../mess';
import { Random } from '../random';
import type { Pupil } from '../services';
import { dataRow, type DataRow, type ExtractContext, type ExtractFile, registerRows } from './common';

export const ATTENDANCE_FILE = 'education_pupil_attendance.csv';
const COLUMNS = ['Pupil UPN', 'School URN', 'Term', 'Possible Sessions', 'Authorised Absence Sessions', 'Unauthorised Absence Sessions'];
const TERMS = [
  { name: 'Autumn 2023', possible: 140 },
  { name: 'Spring 2024', possible: 116 },
] as const;
/** Persistent absence: missing 10% or more of possible sessions. */
export const PERSISTENT_ABSENCE_SHARE = 0.1;
/** A term's row where the school's system added the absence twice: more absence than sessions possible (of rows drawn, only persistently absent pupils'). */
const ABSENCE_ABOVE_POSSIBLE = 0.015;

export interface AttendanceTerm {
  readonly term: string;
  readonly possible: number;
  readonly authorised: number;
  readonly unauthorised: number;
}

/** Pupils of compulsory school age in the attendance collection: national curriculum years 1 to 11. */
export function inAttendanceCollection(pupil: Pupil): boolean {
  return pupil.ncYear >= 1 && pupil.ncYear <= 11;
}

/** The pupil's terms, before any mess; the same for the same pupil in every run. */
export function attendanceOf(pupil: Pupil): AttendanceTerm[] {
  const random = new Random(0, `attendance/${pupil.person.id}/${pupil.school.urn}`);
  const multiplier = (pupil.senProvision === 'E' ? 1.8 : pupil.senProvision === 'K' ? 1.5 : 1) * (pupil.fsmEligible ? 1.6 : 1);
  const rate = Math.min(0.6, 0.038 * multiplier * Math.exp(0.5 * random.logisticNoise()));
  return TERMS.map(({ name, possible }) => {
    const absent = Math.min(possible, Math.round(possible * rate * (0.7 + 0.6 * random.next())));
    const authorised = Math.round(absent * (0.55 + 0.3 * random.next()));
    return { term: name, possible, authorised, unauthorised: absent - authorised };
  });
}

export function isPersistentlyAbsent(terms: readonly AttendanceTerm[]): boolean {
  const possible = terms.reduce((sum, term) => sum + term.possible, 0);
  const absent = terms.reduce((sum, term) => sum + term.authorised + term.unauthorised, 0);
  return possible > 0 && absent >= PERSISTENT_ABSENCE_SHARE * possible;
}

export function writeAttendance(context: ExtractContext): ExtractFile {
  const random = context.random.fork('attendance');
  const recorder = new ExtractRecorder(ATTENDANCE_FILE, context.mess);
  const features = new ExtractRecorder(ATTENDANCE_FILE, context.features);
  const pupils = context.services.pupils
    .filter(inAttendanceCollection)
    .sort((left, right) => left.school.urn.localeCompare(right.school.urn) || left.person.index - right.person.index);
  const rows: DataRow[] = [];
  for (const pupil of pupils) {
    const terms = attendanceOf(pupil);
    // Only a pupil persistently absent anyway gets the doubled absence, so the answer key's count still holds.
    const alreadyAbsent = isPersistentlyAbsent(terms);
    for (const term of terms) {
      const row = dataRow([], pupil.person.id);
      let authorised = term.authorised;
      if (random.chance(ABSENCE_ABOVE_POSSIBLE) && alreadyAbsent) {
        authorised = term.possible - term.unauthorised + random.int(1, 12);
        row.mess.push(['Authorised Absence Sessions', 'absence_above_possible']);
      }
      row.cells = [pupil.person.upn as string, pupil.school.urn, term.term, String(term.possible), String(authorised), String(term.unauthorised)];
      rows.push(row);
    }
  }
  registerRows(recorder, features, null, 2, rows);
  const text = csvText([COLUMNS, ...rows.map((row) => row.cells.map((cell) => String(cell ?? '')))]);
  return { name: ATTENDANCE_FILE, bytes: encodeUtf8(text), links: recorder.links };
}
