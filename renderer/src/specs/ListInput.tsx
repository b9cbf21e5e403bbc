import { useState } from 'react';
import { commasToList, linesToList } from './draft-edits';

interface ListInputProps {
  readonly id: string;
  readonly value: readonly string[];
  readonly onChange: (next: string[]) => void;
  /** `lines`: one entry per line in a text area; `commas`: comma-separated in one line. */
  readonly separator: 'lines' | 'commas';
  readonly describedBy?: string;
  readonly invalid?: boolean;
  readonly rows?: number;
}

/**
 * A list typed as text. The text is kept as typed (a trailing comma or a new empty line stays while the
 * officer types the next entry); the list it reads as goes to the draft on every keystroke.
 */
export function ListInput({ id, value, onChange, separator, describedBy, invalid = false, rows = 3 }: ListInputProps) {
  const joiner = separator === 'lines' ? '\n' : ', ';
  const [text, setText] = useState(value.join(joiner));
  const parse = separator === 'lines' ? linesToList : commasToList;
  const shown = sameList(parse(text), value) ? text : value.join(joiner);
  const common = {
    id,
    className: separator === 'lines' ? 'code-box specs__list' : 'input',
    value: shown,
    spellCheck: false,
    autoComplete: 'off',
    'aria-invalid': invalid,
    ...(describedBy === undefined ? {} : { 'aria-describedby': describedBy }),
  };
  function change(next: string) {
    setText(next);
    onChange(parse(next));
  }
  return separator === 'lines' ? (
    <textarea {...common} rows={rows} onChange={(event) => change(event.target.value)} />
  ) : (
    <input {...common} onChange={(event) => change(event.target.value)} />
  );
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}
