import 'reflect-metadata';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it), as plain data. */
export interface JsonSchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: JsonSchemaObject;
  properties?: Record<string, JsonSchemaObject>;
  required?: string[];
  additionalProperties?: boolean;
  allOf?: JsonSchemaObject[];
  $ref?: string;
  description?: string;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- DTO classes are any constructor
export type DtoClass = Function;

export interface DtoSchemaOptions {
  /** The schema standing for a nested DTO (ValidateNested), usually a `$ref` to a component. */
  refTo: (dto: DtoClass) => JsonSchemaObject;
  /**
   * Schemas for the workspace's own decorators (registerDecorator), by their name: only a person can
   * say what a validate() function accepts, so an unlisted one is an error, never a silent `{}`.
   */
  customDecorators?: Readonly<Record<string, JsonSchemaObject>>;
}

// class-transformer keeps @Type() in a storage its index does not export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const classTransformerStorage = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: DtoClass, propertyName: string): { typeFunction: () => DtoClass } | undefined };
};

type Keyword = keyof JsonSchemaObject;

/** An enum of strings is a string; one of mixed values says only the values. */
const enumOf = (values: unknown[]): JsonSchemaObject => (values.every((v) => typeof v === 'string') ? { type: 'string', enum: [...values] } : { enum: [...values] });

/**
 * What each class-validator decorator (by its metadata name) says about one value. A length, size
 * or bound check fails on a value of another type, so each also says the type.
 */
const DECORATORS: Readonly<Record<string, (constraints: unknown[]) => JsonSchemaObject>> = {
  isString: () => ({ type: 'string' }),
  isBoolean: () => ({ type: 'boolean' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  isIn: ([values]) => enumOf(values as unknown[]),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  // ISO 8601 also has bare dates and week dates; a date-time is always among what is accepted.
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  matches: ([pattern, modifiers]) => ({ type: 'string', pattern: regexSource(pattern, modifiers) }),
  minLength: ([min]) => ({ type: 'string', minLength: min as number }),
  maxLength: ([max]) => ({ type: 'string', maxLength: max as number }),
  isNotEmpty: () => ({ minLength: 1 }),
  min: ([min]) => ({ type: 'number', minimum: min as number }),
  max: ([max]) => ({ type: 'number', maximum: max as number }),
  arrayMinSize: ([min]) => ({ type: 'array', minItems: min as number }),
  arrayMaxSize: ([max]) => ({ type: 'array', maxItems: max as number }),
  arrayNotEmpty: () => ({ type: 'array', minItems: 1 }),
  arrayUnique: () => ({ type: 'array', uniqueItems: true }),
};

function regexSource(pattern: unknown, modifiers: unknown): string {
  const source = pattern instanceof RegExp ? pattern.source : String(pattern);
  const flags = (pattern instanceof RegExp ? pattern.flags : '') + (typeof modifiers === 'string' ? modifiers : '');
  // JSON Schema patterns have no flags: a case-insensitive or multiline check cannot be described.
  if (flags.replace(/[gu]/g, '') !== '') throw new Error(`a pattern with flags /${source}/${flags} has no JSON Schema form`);
  return source;
}

/** Both constraints hold: the larger minimum, the smaller maximum, every pattern, the common enum. */
function merge(into: JsonSchemaObject, more: JsonSchemaObject, where: string): void {
  for (const [key, value] of Object.entries(more) as [Keyword, never][]) {
    const had = into[key];
    if (had === undefined) {
      into[key] = value;
    } else if (key === 'minLength' || key === 'minimum' || key === 'minItems') {
      into[key] = Math.max(had as number, value);
    } else if (key === 'maxLength' || key === 'maximum' || key === 'maxItems') {
      into[key] = Math.min(had as number, value);
    } else if (key === 'type' && [had, value].includes('integer') && [had, value].includes('number')) {
      into.type = 'integer';
    } else if (key === 'pattern') {
      if (had !== value) (into.allOf ??= []).push({ pattern: value });
    } else if (key === 'enum') {
      into.enum = (had as unknown[]).filter((v) => (value as unknown[]).includes(v));
    } else if (JSON.stringify(had) !== JSON.stringify(value)) {
      throw new Error(`${where}: ${key} is both ${JSON.stringify(had)} and ${JSON.stringify(value)}`);
    }
  }
}

/** The class a ValidateNested property holds: its @Type(), else its declared type. */
function nestedClass(dto: DtoClass, property: string): DtoClass {
  const declared = classTransformerStorage.defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction() ?? (Reflect.getMetadata('design:type', dto.prototype, property) as DtoClass | undefined);
  if (!declared || declared === Array || declared === Object) throw new Error(`${dto.name}.${property}: ValidateNested needs @Type(() => TheClass)`);
  return declared;
}

/** Keywords in the order a reader looks for them (decorators run bottom up, so theirs is backwards). */
const ORDER: Keyword[] = ['$ref', 'type', 'format', 'enum', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'items', 'allOf', 'description'];
const ordered = (schema: JsonSchemaObject): JsonSchemaObject =>
  Object.fromEntries(Object.entries(schema).sort(([a], [b]) => ORDER.indexOf(a as Keyword) - ORDER.indexOf(b as Keyword)));

function describeProperty(dto: DtoClass, property: string, metadatas: ValidationMetadata[], options: DtoSchemaOptions): JsonSchemaObject {
  const where = `${dto.name}.${property}`;
  const own: JsonSchemaObject = {};
  const items: JsonSchemaObject = {};
  for (const metadata of metadatas) {
    let schema: JsonSchemaObject;
    if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      schema = options.refTo(nestedClass(dto, property));
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) {
      const name = metadata.name ?? '(unnamed)';
      const known = DECORATORS[name] ?? options.customDecorators?.[name];
      if (!known) throw new Error(`${where}: no JSON Schema for the validator "${name}"; add one (DtoSchemaOptions.customDecorators for the workspace's own)`);
      schema = typeof known === 'function' ? known(metadata.constraints ?? []) : structuredClone(known);
    } else {
      continue; // conditional (IsOptional, ValidateIf), isDefined and whitelist (Allow) say whether, not what
    }
    merge(metadata.each ? items : own, schema, metadata.each ? `${where}[]` : where);
  }
  if (Object.keys(items).length > 0) {
    if (own.type !== undefined && own.type !== 'array') throw new Error(`${where}: { each: true } on a ${own.type}`);
    own.type = 'array';
    own.items = ordered(items);
  }
  return ordered(own);
}

/**
 * The JSON Schema of a class-validator DTO, read from the same decorators the ValidationPipe runs
 * (so it cannot drift from them). Unknown fields are refused (whitelist + forbidNonWhitelisted), so
 * `additionalProperties: false`. A property is required unless IsOptional or ValidateIf may skip it.
 * Services also let most optional fields be null; the schema leaves that out: leaving a field out is
 * the one way to say "none" it promises.
 */
export function dtoJsonSchema(dto: DtoClass, options: DtoSchemaOptions): JsonSchemaObject {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  for (const [property, list] of byProperty) {
    properties[property] = describeProperty(dto, property, list, options);
    const maySkip = list.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION) && !list.some((m) => m.type === ValidationTypes.IS_DEFINED);
    if (!maySkip) required.push(property);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}
