/**
 * DuckDB's errors in plain words for the SQL console. DuckDB writes for programmers ("Binder Error: Referenced
 * column "sexx" not found in FROM clause!"); an officer needs what is wrong and what to change. The explanation
 * comes first and DuckDB's own first line follows, so nothing it said is lost.
 */

interface Explanation {
  readonly pattern: RegExp;
  readonly explain: (match: RegExpMatchArray) => string;
}

const EXPLANATIONS: readonly Explanation[] = [
  {
    pattern: /Table with name (\S+?) does not exist!?(?:.*Did you mean "([^"]+)")?/i,
    explain: (match) => `There is no table called ${match[1]} in this workspace${match[2] === undefined ? '' : `; did you mean ${match[2]}?`}. The tables are listed beside the statement.`,
  },
  {
    pattern: /Referenced column "([^"]+)" not found in FROM clause!?(?:.*Candidate bindings: (.+))?/i,
    explain: (match) => `No table in this statement has a column called ${match[1]}${match[2] === undefined ? '' : `; the nearest are ${match[2].replace(/"/g, '')}`}. Check its spelling against the columns listed beside the statement.`,
  },
  {
    pattern: /column "([^"]+)" must appear in the GROUP BY clause or must be part of an aggregate function/i,
    explain: (match) => `${match[1]} is neither grouped nor summarised: add it to GROUP BY, or wrap it in an aggregate such as count(), sum() or min().`,
  },
  {
    pattern: /syntax error at (?:or near "([^"]*)"|end of input)/i,
    explain: (match) => (match[1] === undefined ? 'The statement ends too soon: something is missing at the end, such as a closing bracket or a table name.' : `The statement is not valid SQL near "${match[1]}": check the spelling, commas, quotes and brackets around it.`),
  },
  {
    pattern: /Could not convert string '([^']*)' to (\w+)/i,
    explain: (match) => `The text '${match[1]}' is not a ${(match[2] ?? '').toLowerCase().replace(/int\d+|integer|bigint/, 'whole number').replace(/double|float|decimal.*/, 'number')}: compare it with a value of the column's type, or CAST the column to text.`,
  },
  {
    pattern: /No function matches the given name and argument types '([^(']+)\(/i,
    explain: (match) => `${match[1]}() cannot be used on values of these types: check the column types beside the statement, or CAST a value first.`,
  },
  {
    pattern: /Scalar Function with name (\w+) does not exist/i,
    explain: (match) => `DuckDB has no function called ${match[1]}(). Check its spelling.`,
  },
  {
    pattern: /Ambiguous reference to column name "([^"]+)"/i,
    explain: (match) => `More than one table in this statement has a column called ${match[1]}: write it as table.${match[1]}.`,
  },
  {
    pattern: /Division by zero/i,
    explain: () => 'The statement divides by zero: use NULLIF(denominator, 0) to leave such rows empty.',
  },
];

/** The first line of DuckDB's message, explained in plain words where the kind of error is known. */
export function explainSqlError(duckdbMessage: string): string {
  const firstLine = (duckdbMessage.split('\n')[0] ?? duckdbMessage).trim();
  // DuckDB puts its hints ("Did you mean", "Candidate bindings") on the lines before the quoted statement.
  const withHints = duckdbMessage.split(/\n\s*\nLINE \d+:/)[0]!.replace(/\s*\n\s*/g, ' ');
  for (const { pattern, explain } of EXPLANATIONS) {
    const match = withHints.match(pattern);
    if (match !== null) return `${explain(match)} (DuckDB: ${firstLine})`;
  }
  const kind = firstLine.match(/^([\w ]+?) Error: /);
  return kind === null ? `DuckDB could not run the statement: ${firstLine}` : `DuckDB could not run the statement (${kind[1]!.toLowerCase()} error): ${firstLine.slice(kind[0].length)}`;
}
