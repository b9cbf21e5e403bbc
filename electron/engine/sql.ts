/**
 * The one place SQL identifiers are quoted. Values never go through here: they are bound as DuckDB
 * parameters. Identifiers cannot be bound, so every table or column name a user can influence is quoted
 * with this helper, after the caller has checked it names something that exists.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0 || name.length > 256 || name.includes('\u0000')) {
    throw new Error('An identifier must be 1 to 256 characters with no NUL');
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table`, each part quoted. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}
