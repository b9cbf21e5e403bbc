import type { FindingRule, Severity } from '../../../shared/findings';

/** Each rule in a few plain words, for headings and lists; the rule id stays visible for the partner’s team. */
export const RULE_TITLES: Readonly<Record<FindingRule, string>> = {
  'blank-label': 'Column with no heading',
  'duplicate-label': 'Heading used twice',
  'missing-label': 'Required column missing',
  'extra-label': 'Column the specification does not allow',
  'extra-cell': 'Value beyond the last column',
  'type-error': 'Value of the wrong type',
  'constraint-error': 'Value outside the allowed range or list',
  'required-value': 'Required value missing',
  'unique-error': 'Value that must be unique is repeated',
  'duplicate-row': 'Row repeated',
  'foreign-key-error': 'Area code not found',
  'nhs-number-check': 'NHS number fails its check digit',
  'upn-check': 'UPN fails its check letter',
  'date-out-of-range': 'Date outside the allowed range',
  'date-in-future': 'Date in the future',
  'date-order': 'Date that may have day and month swapped',
  'unexpected-personal-data': 'Personal data the specification does not allow',
  'header-looks-like-data': 'Header row that looks like a record',
  'blank-row': 'Blank row skipped',
  'dropped-row': 'Totals or notes row left out',
  'hint-not-followed': 'Specification hint not followed',
  'rule-error': 'Declared rule broken',
  'rule-warning': 'Declared rule to check',
  'rule-info': 'Declared rule note',
};

export const SEVERITY_TEXT: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Information' };
