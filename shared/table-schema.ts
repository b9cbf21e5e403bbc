/**
 * Frictionless Table Schema interchange, so specifications can be shared with partners and checked by other
 * tools. Types, constraints (required, unique, length, bounds, pattern, enum), missingValues, primaryKey and
 * uniqueKeys map both ways; what Table Schema has no word for (identifier kinds, personal-data classes,
 * synonyms, geography lookups, suppression, header hints, rules) travels as custom properties named
 * `village:…`, which other tools ignore. The mapping is documented in docs/specifications.md.
 */
import { IDENTIFIER_KINDS, PERSONAL_DATA_CLASSES, FOREIGN_KEYS, type Specification, type SpecificationInput } from './spec';

type Json = Record<string, unknown>;

export interface TableSchemaImport {
  /** A specification ready for checkSpecification (defaults not yet filled in). */
  readonly specification: SpecificationInput;
  /** What could not be carried over exactly, one plain line each. */
  readonly notes: string[];
}

export interface TableSchemaImportOptions {
  /** Used when the schema carries no `village:id` or name. */
  readonly id?: string;
  readonly agency?: string;
  /** For a Data Package: the resource whose schema to take (default: the only, or the first, with a schema). */
  readonly resource?: string;
}

export class TableSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableSchemaError';
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A Table Schema name ("NHS Number") as a workspace column name (nhs_number). */
export function snakeCaseName(name: string): string {
  const snake = name
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  return /^[a-z]/.test(snake) ? snake : `field_${snake}`;
}

function kebabCaseId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'imported-table-schema';
}

/** The schema of a Data Package resource, or the document itself when it is a Table Schema. */
export function tableSchemaOf(document: unknown, resource?: string): { schema: Json; resourceName: string | null } {
  if (!isObject(document)) throw new TableSchemaError('A Table Schema is a JSON object with a "fields" list');
  if (Array.isArray(document.resources)) {
    const resources = document.resources.filter(isObject);
    const chosen = resource === undefined ? resources.find((candidate) => isObject(candidate.schema)) : resources.find((candidate) => candidate.name === resource);
    if (chosen === undefined) {
      const names = resources.map((candidate) => `"${String(candidate.name)}"`).join(', ') || 'none';
      throw new TableSchemaError(resource === undefined ? `The Data Package has no resource with an inline schema (resources: ${names})` : `The Data Package has no resource "${resource}" (resources: ${names})`);
    }
    if (!isObject(chosen.schema)) throw new TableSchemaError(`The resource "${String(chosen.name)}" has no inline schema; give the schema file itself instead`);
    return { schema: chosen.schema, resourceName: typeof chosen.name === 'string' ? chosen.name : null };
  }
  if (!Array.isArray(document.fields)) throw new TableSchemaError('A Table Schema is a JSON object with a "fields" list (or a Data Package with "resources")');
  return { schema: document, resourceName: null };
}

const TYPE_FROM_TABLE_SCHEMA: Readonly<Record<string, 'string' | 'integer' | 'number' | 'boolean' | 'date'>> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'date',
  year: 'integer',
};

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function specificationFromTableSchema(document: unknown, options: TableSchemaImportOptions = {}): TableSchemaImport {
  const { schema, resourceName } = tableSchemaOf(document, options.resource);
  const notes: string[] = [];
  const rawFields = (schema.fields as unknown[]).filter(isObject);
  const nameOf = new Map<string, string>();
  const fields = rawFields.map((raw, index) => {
    const original = typeof raw.name === 'string' && raw.name !== '' ? raw.name : `field_${index + 1}`;
    const name = snakeCaseName(original);
    nameOf.set(original, name);
    const constraints = isObject(raw.constraints) ? raw.constraints : {};
    const declaredType = typeof raw.type === 'string' ? raw.type : 'string';
    let type: SpecificationInput['fields'][number]['type'] = TYPE_FROM_TABLE_SCHEMA[declaredType] ?? 'string';
    if (TYPE_FROM_TABLE_SCHEMA[declaredType] === undefined) notes.push(`${original}: type "${declaredType}" is read as text`);
    if (declaredType === 'datetime') notes.push(`${original}: a datetime is kept as its date`);
    if (typeof raw.format === 'string' && raw.format !== 'default') notes.push(`${original}: format "${raw.format}" is not needed (dates are recognised in the usual UK and ISO layouts)`);
    const enumValues = Array.isArray(constraints.enum) ? constraints.enum.map(String) : undefined;
    const categories = Array.isArray(raw.categories)
      ? raw.categories.map((entry) => (isObject(entry) ? { code: String(entry.value), label: typeof entry.label === 'string' ? entry.label : '' } : { code: String(entry), label: '' }))
      : undefined;
    const customCodes = Array.isArray(raw['village:codes']) ? (raw['village:codes'] as SpecificationInput['fields'][number]['codes']) : undefined;
    const codes = customCodes ?? categories ?? enumValues?.map((code) => ({ code, label: '' }));
    if (codes !== undefined) type = 'code';
    const synonyms = [...(strings(raw['village:synonyms']) ?? []), ...(original !== name && !(strings(raw['village:synonyms']) ?? []).includes(original) ? [original] : [])];
    const field: SpecificationInput['fields'][number] = {
      name,
      title: typeof raw.title === 'string' && raw.title !== '' ? raw.title : original,
      ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
      type,
      ...(constraints.required === true ? { required: true } : {}),
      ...(constraints.unique === true ? { unique: true } : {}),
      ...(synonyms.length > 0 ? { synonyms } : {}),
      ...(codes === undefined ? {} : { codes }),
      ...(typeof constraints.pattern === 'string' && type === 'string' ? { pattern: constraints.pattern } : {}),
      ...(typeof constraints.minLength === 'number' ? { minLength: constraints.minLength } : {}),
      ...(typeof constraints.maxLength === 'number' ? { maxLength: constraints.maxLength } : {}),
      ...(type === 'date'
        ? {
            ...(typeof constraints.minimum === 'string' ? { minDate: constraints.minimum.slice(0, 10) } : {}),
            ...(typeof constraints.maximum === 'string' ? { maxDate: constraints.maximum.slice(0, 10) } : {}),
          }
        : {
            ...(typeof constraints.minimum === 'number' ? { minimum: constraints.minimum } : {}),
            ...(typeof constraints.maximum === 'number' ? { maximum: constraints.maximum } : {}),
          }),
      ...(strings(raw.trueValues) === undefined ? {} : { trueValues: strings(raw.trueValues) }),
      ...(strings(raw.falseValues) === undefined ? {} : { falseValues: strings(raw.falseValues) }),
      ...(oneOf(raw['village:identifier'], IDENTIFIER_KINDS) === undefined ? {} : { identifier: oneOf(raw['village:identifier'], IDENTIFIER_KINDS) }),
      personalData: oneOf(raw['village:personalData'], PERSONAL_DATA_CLASSES) ?? 'none',
      ...(oneOf(raw['village:foreignKey'], FOREIGN_KEYS) === undefined ? {} : { foreignKey: oneOf(raw['village:foreignKey'], FOREIGN_KEYS) }),
      ...(raw['village:suppressible'] === true ? { suppressible: true } : {}),
      ...(raw['village:notInFuture'] === true ? { notInFuture: true } : {}),
      ...(typeof raw['village:twoDigitYearPivot'] === 'number' ? { twoDigitYearPivot: raw['village:twoDigitYearPivot'] } : {}),
    };
    if (typeof constraints.pattern === 'string' && type !== 'string') notes.push(`${original}: a pattern applies to text only and was left out`);
    if (raw['village:personalData'] === undefined) notes.push(`${original}: no village:personalData class given, so it is classed "none"; check it against the agreement`);
    return field;
  });
  const keyNames = (value: unknown): string[] | undefined => {
    const list = typeof value === 'string' ? [value] : strings(value);
    return list?.map((entry) => nameOf.get(entry) ?? snakeCaseName(entry));
  };
  const primaryKey = keyNames(schema.primaryKey);
  const uniqueKeys = Array.isArray(schema.uniqueKeys) ? schema.uniqueKeys.map(keyNames).filter((key): key is string[] => key !== undefined) : [];
  if (Array.isArray(schema.foreignKeys) && schema.foreignKeys.length > 0) notes.push('foreignKeys between resources are not carried over; declare an exists-in rule instead');
  const name = typeof schema['village:id'] === 'string' ? schema['village:id'] : (options.id ?? (typeof schema.name === 'string' ? kebabCaseId(schema.name) : resourceName === null ? undefined : kebabCaseId(resourceName)));
  const specification: SpecificationInput = {
    id: name ?? 'imported-table-schema',
    title: typeof schema.title === 'string' ? schema.title : (name ?? 'Imported Table Schema'),
    version: typeof schema['village:version'] === 'string' ? schema['village:version'] : typeof schema.version === 'string' ? schema.version : '1',
    description: typeof schema.description === 'string' ? schema.description : '',
    agency: typeof schema['village:agency'] === 'string' ? schema['village:agency'] : (options.agency ?? 'Not stated'),
    fields,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    ...(uniqueKeys.length > 0 ? { uniqueKeys } : {}),
    ...(strings(schema.missingValues) === undefined ? {} : { missingValues: (strings(schema.missingValues) ?? []).filter((text) => text !== '') }),
    ...(typeof schema['village:allowExtraFields'] === 'boolean' ? { allowExtraFields: schema['village:allowExtraFields'] } : {}),
    ...(isObject(schema['village:header']) ? { header: schema['village:header'] as SpecificationInput['header'] } : {}),
    ...(Array.isArray(schema['village:rules']) ? { rules: schema['village:rules'] as SpecificationInput['rules'] } : {}),
  };
  if (name === undefined) notes.push('the schema has no name: its id is "imported-table-schema"; give one with --id');
  return { specification, notes };
}

const TYPE_TO_TABLE_SCHEMA: Readonly<Record<Specification['fields'][number]['type'], string>> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  code: 'string',
};

/** A specification as a Frictionless Table Schema, losing nothing: what Table Schema cannot say travels as `village:…`. */
export function tableSchemaFromSpecification(spec: Specification): Json {
  const fields = spec.fields.map((field) => {
    const constraints: Json = {
      ...(field.required ? { required: true } : {}),
      ...(field.unique ? { unique: true } : {}),
      ...(field.minLength === undefined ? {} : { minLength: field.minLength }),
      ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
      ...(field.minimum === undefined ? {} : { minimum: field.minimum }),
      ...(field.maximum === undefined ? {} : { maximum: field.maximum }),
      ...(field.minDate === undefined ? {} : { minimum: field.minDate }),
      ...(field.maxDate === undefined ? {} : { maximum: field.maxDate }),
      ...(field.pattern === undefined ? {} : { pattern: field.pattern }),
      ...(field.codes === undefined ? {} : { enum: field.codes.map((code) => code.code) }),
    };
    return {
      name: field.name,
      title: field.title,
      ...(field.description === '' ? {} : { description: field.description }),
      type: TYPE_TO_TABLE_SCHEMA[field.type],
      ...(field.type === 'date' ? { format: 'default' } : {}),
      ...(Object.keys(constraints).length === 0 ? {} : { constraints }),
      ...(field.trueValues.length === 0 ? {} : { trueValues: field.trueValues }),
      ...(field.falseValues.length === 0 ? {} : { falseValues: field.falseValues }),
      ...(field.codes === undefined ? {} : { categories: field.codes.map((code) => (code.label === '' ? { value: code.code } : { value: code.code, label: code.label })), 'village:codes': field.codes }),
      'village:personalData': field.personalData,
      ...(field.identifier === undefined ? {} : { 'village:identifier': field.identifier }),
      ...(field.foreignKey === undefined ? {} : { 'village:foreignKey': field.foreignKey }),
      ...(field.synonyms.length === 0 ? {} : { 'village:synonyms': field.synonyms }),
      ...(field.suppressible ? { 'village:suppressible': true } : {}),
      ...(field.notInFuture ? { 'village:notInFuture': true } : {}),
      ...(field.twoDigitYearPivot === undefined ? {} : { 'village:twoDigitYearPivot': field.twoDigitYearPivot }),
    };
  });
  return {
    name: spec.id,
    title: spec.title,
    ...(spec.description === '' ? {} : { description: spec.description }),
    fields,
    // Table Schema's default missing value is the empty cell; ours is always missing too.
    missingValues: ['', ...spec.missingValues.filter((text) => text !== '')],
    ...(spec.primaryKey === undefined ? {} : { primaryKey: spec.primaryKey }),
    ...(spec.uniqueKeys.length === 0 ? {} : { uniqueKeys: spec.uniqueKeys }),
    'village:id': spec.id,
    'village:version': spec.version,
    'village:agency': spec.agency,
    'village:allowExtraFields': spec.allowExtraFields,
    ...(spec.header === undefined ? {} : { 'village:header': spec.header }),
    ...(spec.rules.length === 0 ? {} : { 'village:rules': spec.rules }),
  };
}
