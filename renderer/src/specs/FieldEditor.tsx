import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FIELD_TYPES, FOREIGN_KEYS, IDENTIFIER_KINDS, PERSONAL_DATA_CLASSES, type FieldType, type SpecCode, type SpecField } from '../../../shared/spec';
import { emptyCode, numberOrUndefined, withOptional, withType, type DraftProblem } from './draft-edits';
import { ListInput } from './ListInput';
import { FIELD_TYPE_TEXT, FOREIGN_KEY_TEXT, IDENTIFIER_TEXT, PERSONAL_DATA_TEXT } from './spec-text';

interface FieldEditorProps {
  readonly field: SpecField;
  readonly problems: readonly DraftProblem[];
  /** Why the workbench suggested what it did, from the inference. */
  readonly reasons: readonly string[];
  readonly onChange: (field: SpecField) => void;
}

const NONE = '';

function problemFor(problems: readonly DraftProblem[], property: string): string | null {
  return problems.find((problem) => problem.property === property)?.message ?? null;
}

interface ControlProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly problem?: string | null;
  readonly children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}

/** A label, the control, and its hint or problem, tied together for screen readers. */
function Control({ id, label, hint, problem = null, children }: ControlProps) {
  const hintId = hint !== undefined || problem !== null ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(hintId, problem !== null)}
      {hintId !== undefined && (
        <p id={hintId} className={problem === null ? 'field__hint' : 'field__hint field__hint--problem'}>
          {problem ?? hint}
        </p>
      )}
    </div>
  );
}

function Checkbox({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange: (next: boolean) => void; hint: string }) {
  return (
    <div className="specs__check">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field__hint">
        {hint}
      </p>
    </div>
  );
}

function NumberBox({ id, value, onChange, describedBy, invalid }: { id: string; value: number | undefined; onChange: (next: number | undefined) => void; describedBy?: string | undefined; invalid: boolean }) {
  return (
    <input
      id={id}
      className="input"
      type="number"
      inputMode="decimal"
      value={value === undefined || Number.isNaN(value) ? '' : String(value)}
      onChange={(event) => onChange(numberOrUndefined(event.target.value))}
      aria-invalid={invalid}
      {...(describedBy === undefined ? {} : { 'aria-describedby': describedBy })}
    />
  );
}

/** Every property of one specification field, with the controls that apply to its type. */
export function FieldEditor({ field, problems, reasons, onChange }: FieldEditorProps) {
  const set = <K extends keyof SpecField>(key: K, value: SpecField[K] | undefined) => onChange(withOptional(field, key, value));
  const general = problems.filter((problem) => problem.property === null);
  return (
    <div className="specs__editor">
      {general.length > 0 && (
        <ul className="specs__problems" aria-label={`Problems with ${field.name}`}>
          {general.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      )}
      <fieldset className="specs__group">
        <legend>Field</legend>
        <div className="specs__grid">
          <Control id="field-name" label="Name" hint="snake_case: the column name in the workspace." problem={problemFor(problems, 'name')}>
            {(describedBy, invalid) => (
              <input id="field-name" className="input" value={field.name} onChange={(event) => set('name', event.target.value)} spellCheck={false} autoComplete="off" aria-invalid={invalid} aria-describedby={describedBy} />
            )}
          </Control>
          <Control id="field-title" label="Title" hint="Shown in the mapping screen." problem={problemFor(problems, 'title')}>
            {(describedBy, invalid) => <input id="field-title" className="input" value={field.title} onChange={(event) => set('title', event.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />}
          </Control>
          <Control id="field-type" label="Type" hint={FIELD_TYPE_TEXT[field.type]}>
            {(describedBy) => (
              <select id="field-type" className="select" value={field.type} onChange={(event) => onChange(withType(field, event.target.value as FieldType))} aria-describedby={describedBy}>
                {FIELD_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
            )}
          </Control>
          <Control id="field-description" label="Description">
            {() => <input id="field-description" className="input" value={field.description} onChange={(event) => set('description', event.target.value)} />}
          </Control>
        </div>
        <div className="specs__checks">
          <Checkbox id="field-required" label="Required" checked={field.required} onChange={(next) => set('required', next)} hint="The column must be there and every row must have a value." />
          <Checkbox id="field-unique" label="Unique" checked={field.unique} onChange={(next) => set('unique', next)} hint="No two rows may share a value." />
        </div>
      </fieldset>

      <fieldset className="specs__group">
        <legend>Identity and personal data</legend>
        <div className="specs__grid">
          <Control id="field-identifier" label="Identifier kind" hint={field.identifier === undefined ? 'Not an identifier.' : IDENTIFIER_TEXT[field.identifier]}>
            {(describedBy) => (
              <select
                id="field-identifier"
                className="select"
                value={field.identifier ?? NONE}
                onChange={(event) => set('identifier', event.target.value === NONE ? undefined : (event.target.value as SpecField['identifier']))}
                aria-describedby={describedBy}
              >
                <option value={NONE}>None</option>
                {IDENTIFIER_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {kind}
                  </option>
                ))}
              </select>
            )}
          </Control>
          <Control id="field-personal-data" label="Personal data" hint={PERSONAL_DATA_TEXT[field.personalData]}>
            {(describedBy) => (
              <select id="field-personal-data" className="select" value={field.personalData} onChange={(event) => set('personalData', event.target.value as SpecField['personalData'])} aria-describedby={describedBy}>
                {PERSONAL_DATA_CLASSES.map((kind) => (
                  <option key={kind} value={kind}>
                    {kind}
                  </option>
                ))}
              </select>
            )}
          </Control>
          <Control id="field-foreign-key" label="Must be found in" hint={field.foreignKey === undefined ? 'No lookup.' : FOREIGN_KEY_TEXT[field.foreignKey]}>
            {(describedBy) => (
              <select
                id="field-foreign-key"
                className="select"
                value={field.foreignKey ?? NONE}
                onChange={(event) => set('foreignKey', event.target.value === NONE ? undefined : (event.target.value as SpecField['foreignKey']))}
                aria-describedby={describedBy}
              >
                <option value={NONE}>No lookup</option>
                {FOREIGN_KEYS.map((kind) => (
                  <option key={kind} value={kind}>
                    {FOREIGN_KEY_TEXT[kind]}
                  </option>
                ))}
              </select>
            )}
          </Control>
          <Control id="field-synonyms" label="Synonyms" hint="Header names partners use for this field, one per line." problem={problemFor(problems, 'synonyms')}>
            {(describedBy, invalid) => <ListInput id="field-synonyms" separator="lines" value={field.synonyms} onChange={(next) => set('synonyms', next)} describedBy={describedBy} invalid={invalid} />}
          </Control>
        </div>
      </fieldset>

      <fieldset className="specs__group">
        <legend>Rules for {field.type} values</legend>
        <TypeRules field={field} problems={problems} onChange={onChange} />
      </fieldset>

      {reasons.length > 0 && (
        <div className="specs__reasons">
          <h4 className="specs__subtitle">Why the workbench suggested this</h4>
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function TypeRules({ field, problems, onChange }: { field: SpecField; problems: readonly DraftProblem[]; onChange: (field: SpecField) => void }) {
  const set = <K extends keyof SpecField>(key: K, value: SpecField[K] | undefined) => onChange(withOptional(field, key, value));
  switch (field.type) {
    case 'string':
      return (
        <div className="specs__grid">
          <Control id="field-pattern" label="Pattern" hint="A regular expression the whole value must match, e.g. [A-Z]{3}/\d{4}/\d+." problem={problemFor(problems, 'pattern')}>
            {(describedBy, invalid) => (
              <input
                id="field-pattern"
                className="input mono"
                value={field.pattern ?? ''}
                onChange={(event) => set('pattern', event.target.value === '' ? undefined : event.target.value)}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={describedBy}
              />
            )}
          </Control>
          <Control id="field-min-length" label="Shortest length" problem={problemFor(problems, 'minLength')}>
            {(describedBy, invalid) => <NumberBox id="field-min-length" value={field.minLength} onChange={(next) => set('minLength', next)} describedBy={describedBy} invalid={invalid} />}
          </Control>
          <Control id="field-max-length" label="Longest length" problem={problemFor(problems, 'maxLength')}>
            {(describedBy, invalid) => <NumberBox id="field-max-length" value={field.maxLength} onChange={(next) => set('maxLength', next)} describedBy={describedBy} invalid={invalid} />}
          </Control>
        </div>
      );
    case 'integer':
    case 'number':
      return (
        <>
          <div className="specs__grid">
            <Control id="field-minimum" label="Minimum" hint="Inclusive; empty for no bound." problem={problemFor(problems, 'minimum')}>
              {(describedBy, invalid) => <NumberBox id="field-minimum" value={field.minimum} onChange={(next) => set('minimum', next)} describedBy={describedBy} invalid={invalid} />}
            </Control>
            <Control id="field-maximum" label="Maximum" hint="Inclusive; empty for no bound." problem={problemFor(problems, 'maximum')}>
              {(describedBy, invalid) => <NumberBox id="field-maximum" value={field.maximum} onChange={(next) => set('maximum', next)} describedBy={describedBy} invalid={invalid} />}
            </Control>
          </div>
          <div className="specs__checks">
            <Checkbox id="field-suppressible" label="Suppressible" checked={field.suppressible} onChange={(next) => set('suppressible', next)} hint="“*”, “c”, “<5” and similar are kept as suppressed small numbers." />
          </div>
        </>
      );
    case 'date':
      return (
        <>
          <div className="specs__grid">
            <Control id="field-min-date" label="Earliest date" problem={problemFor(problems, 'minDate')}>
              {(describedBy, invalid) => (
                <input id="field-min-date" className="input" type="date" value={field.minDate ?? ''} onChange={(event) => set('minDate', event.target.value === '' ? undefined : event.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
              )}
            </Control>
            <Control id="field-max-date" label="Latest date" problem={problemFor(problems, 'maxDate')}>
              {(describedBy, invalid) => (
                <input id="field-max-date" className="input" type="date" value={field.maxDate ?? ''} onChange={(event) => set('maxDate', event.target.value === '' ? undefined : event.target.value)} aria-invalid={invalid} aria-describedby={describedBy} />
              )}
            </Control>
            <Control id="field-pivot" label="Two-digit year pivot" hint="yy below it is 20yy, otherwise 19yy; empty refuses two-digit years." problem={problemFor(problems, 'twoDigitYearPivot')}>
              {(describedBy, invalid) => <NumberBox id="field-pivot" value={field.twoDigitYearPivot} onChange={(next) => set('twoDigitYearPivot', next)} describedBy={describedBy} invalid={invalid} />}
            </Control>
          </div>
          <div className="specs__checks">
            <Checkbox id="field-not-in-future" label="Not in the future" checked={field.notInFuture} onChange={(next) => set('notInFuture', next)} hint="A date after the day of validation is reported." />
          </div>
        </>
      );
    case 'boolean':
      return (
        <div className="specs__grid">
          <Control id="field-true-values" label="Other spellings of yes" hint="One per line, on top of Y, Yes, 1, TRUE and T.">
            {(describedBy) => <ListInput id="field-true-values" separator="lines" value={field.trueValues} onChange={(next) => set('trueValues', next)} describedBy={describedBy} />}
          </Control>
          <Control id="field-false-values" label="Other spellings of no" hint="One per line, on top of N, No, 0, FALSE and F.">
            {(describedBy) => <ListInput id="field-false-values" separator="lines" value={field.falseValues} onChange={(next) => set('falseValues', next)} describedBy={describedBy} />}
          </Control>
        </div>
      );
    case 'code':
      return <CodeList codes={field.codes ?? []} problems={problems} onChange={(codes) => onChange({ ...field, codes })} />;
  }
}

function CodeList({ codes, problems, onChange }: { codes: readonly SpecCode[]; problems: readonly DraftProblem[]; onChange: (codes: SpecCode[]) => void }) {
  const [added, setAdded] = useState(false);
  const lastCodeRef = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    // Focus follows a new code, so "Add code" then typing works from the keyboard.
    if (added) lastCodeRef.current?.focus();
    setAdded(false);
  }, [added]);
  const replace = (index: number, code: SpecCode) => onChange(codes.map((entry, position) => (position === index ? code : entry)));
  const codeProblem = problemFor(problems, 'codes');
  return (
    <div>
      {codeProblem !== null && <p className="field__hint field__hint--problem">{codeProblem}</p>}
      <table className="data-table data-table--compact specs__codes">
        <caption className="visually-hidden">Allowed codes</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Meaning</th>
            <th scope="col">Other spellings (comma-separated)</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {codes.map((entry, index) => (
            <tr key={index}>
              <td>
                <input
                  ref={index === codes.length - 1 ? lastCodeRef : undefined}
                  className="input"
                  aria-label={`Code ${index + 1}`}
                  value={entry.code}
                  aria-invalid={entry.code.trim() === ''}
                  onChange={(event) => replace(index, { ...entry, code: event.target.value })}
                  spellCheck={false}
                />
              </td>
              <td>
                <input className="input" aria-label={`Meaning of code ${index + 1}`} value={entry.label} onChange={(event) => replace(index, { ...entry, label: event.target.value })} />
              </td>
              <td>
                <ListInput id={`code-${index}-synonyms`} separator="commas" value={entry.synonyms} onChange={(synonyms) => replace(index, { ...entry, synonyms })} describedBy={undefined} />
                <label htmlFor={`code-${index}-synonyms`} className="visually-hidden">
                  Other spellings of code {index + 1}
                </label>
              </td>
              <td>
                <button type="button" className="button button--secondary button--small" onClick={() => onChange(codes.filter((_, position) => position !== index))}>
                  Remove<span className="visually-hidden"> code {index + 1}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => {
          onChange([...codes, emptyCode()]);
          setAdded(true);
        }}
      >
        Add code
      </button>
    </div>
  );
}
