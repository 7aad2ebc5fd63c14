import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { EventDefinition } from '@tellonce/contracts';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

export class EventSchemaError extends Error {}

/** Checks an event's data against its JSON schema, on both the producing and the consuming side. */
export function assertMatchesSchema(definition: EventDefinition<unknown>, data: unknown): void {
  let validate = compiled.get(definition.type);
  if (!validate) {
    validate = ajv.compile(definition.schema);
    compiled.set(definition.type, validate);
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    throw new EventSchemaError(`${definition.type} does not match its schema: ${problems}`);
  }
}
