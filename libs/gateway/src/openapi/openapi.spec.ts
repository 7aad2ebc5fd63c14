import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AUTHORIZATION_MATRIX, CHANNELS, NEED_CODES } from '@tellonce/contracts';
import { buildOpenApiDocument } from './openapi';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema?: Record<string, unknown> }> };
  responses: Record<string, unknown>;
}
type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; required?: string[]; $ref?: string };

const document = buildOpenApiDocument('http://localhost:8080') as {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operation = (method: string, path: string) => document.paths[path][method];
const component = (ref: string | undefined) => document.components.schemas[String(ref).replace('#/components/schemas/', '')];
const bodyOf = (method: string, path: string) => component(operation(method, path).requestBody?.content['application/json'].schema?.['$ref'] as string | undefined);
const queryOf = (method: string, path: string) => (operation(method, path).parameters ?? []).filter((p) => p.in === 'query');

/** Every `$ref` in the document, with where it is. */
function refsIn(value: unknown, at = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' ? [[at, v as string] as [string, string]] : refsIn(v, `${at}/${k}`)));
}

function resolve(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), document);
}

/** An Ajv that knows the document's components, strict: an unknown keyword or format is an error. */
function schemaValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('components');
  ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
  return ajv;
}

describe('the OpenAPI document', () => {
  it('still lists every endpoint of the matrix with its roles, the Idempotency-Key on POSTs and the Problem schema', () => {
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/referrals', '/v1/families/{familyId}/timeline', '/v1/consent/decision', '/v1/ops/status']));
    expect(Object.keys(AUTHORIZATION_MATRIX)).toHaveLength(Object.values(document.paths).reduce((n, p) => n + Object.keys(p).length, 0) - 2); // + dev-token and auth config
    expect((operation('post', '/v1/referrals') as unknown as { description: string }).description).toBe('Roles: coordinator, admin.');
    expect(operation('post', '/v1/referrals').parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(document.components.schemas['Problem']).toBeDefined();
  });

  it('describes the body of POST /v1/referrals from its DTOs: need codes, channels, required fields, no other fields', () => {
    expect(operation('post', '/v1/referrals').requestBody?.required).toBe(true);
    const referral = bodyOf('post', '/v1/referrals');
    expect(referral.additionalProperties).toBe(false);
    expect(referral.required).toEqual(expect.arrayContaining(['familyId', 'hubId', 'channel', 'story', 'needs']));
    expect(referral.properties!['channel']).toEqual({ type: 'string', enum: [...CHANNELS] });
    expect(referral.properties!['familyId']).toEqual({ type: 'string', format: 'uuid' });
    expect(referral.properties!['needs']).toMatchObject({ type: 'array', minItems: 1, maxItems: 30 });
    const need = component(referral.properties!['needs'].items!.$ref);
    expect(need.additionalProperties).toBe(false);
    expect(need.required).toEqual(['code', 'urgency']);
    expect(need.properties!['code']).toEqual({ type: 'string', enum: [...NEED_CODES] });
  });

  it('describes the query of GET /v1/families/{familyId}/timeline: order, types, limit and cursor, none required', () => {
    const query = queryOf('get', '/v1/families/{familyId}/timeline');
    expect(query.map((p) => p.name)).toEqual(['order', 'types', 'limit', 'cursor']);
    expect(query.every((p) => p.required === false)).toBe(true);
    expect(query.find((p) => p.name === 'order')!.schema).toEqual({ type: 'string', enum: ['asc', 'desc'] });
    expect(query.find((p) => p.name === 'limit')!.schema).toEqual({ type: 'integer', minimum: 1, maximum: 200 });
  });

  it('says which query parameters are required and what a path parameter must be, where a DTO checks it', () => {
    const decision = queryOf('get', '/v1/consent/decision');
    expect(decision.filter((p) => p.required).map((p) => p.name)).toEqual(['familyId', 'agencyId']);
    const consents = operation('post', '/v1/families/{familyId}/consents');
    expect(consents.parameters).toContainEqual({ name: 'familyId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  });

  it('gives no request body to endpoints that take none', () => {
    expect(operation('post', '/v1/subscriptions/{id}/rotate-secret').requestBody).toBeUndefined();
    expect(operation('get', '/v1/referrals/{id}').requestBody).toBeUndefined();
  });

  it('is structurally valid OpenAPI 3.1: responses everywhere, unique operation ids, declared path parameters, resolving $refs', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof document.info.title).toBe('string');
    expect(typeof document.info.version).toBe('string');
    const operationIds: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path).toMatch(/^\//);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']).toContain(method);
        operationIds.push(op.operationId);
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const parameters = op.parameters ?? [];
        for (const p of parameters) {
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          expect(p.schema).toBeDefined();
        }
        expect(new Set(parameters.map((p) => `${p.in} ${p.name}`)).size).toBe(parameters.length);
        const inPath = parameters.filter((p) => p.in === 'path');
        expect(inPath.every((p) => p.required === true)).toBe(true);
        expect(inPath.map((p) => p.name).sort()).toEqual(templated);
        if (op.requestBody) expect(op.requestBody.content['application/json'].schema).toBeDefined();
      }
    }
    expect(new Set(operationIds).size).toBe(operationIds.length);
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(30);
    expect(refs.filter(([, ref]) => !ref.startsWith('#/') || resolve(ref) === undefined)).toEqual([]);
  });

  it('has schemas that are valid JSON Schema 2020-12 (strict: no unknown keywords or formats)', () => {
    const ajv = schemaValidator();
    for (const name of Object.keys(document.components.schemas)) expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`)).not.toThrow();
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item)) for (const p of op.parameters ?? []) expect(() => ajv.compile(p.schema!)).not.toThrow();
    }
  });

  it('accepts a referral as the service does and refuses an unknown field, at the top or in a need', () => {
    const validate = schemaValidator().getSchema('openapi#/components/schemas/RaiseReferralDto')!;
    const referral = {
      familyId: '0b3f5c1e-8a4d-4c2e-9f1a-2d3e4f5a6b7c',
      hubId: 'hub-north',
      channel: 'hub-desk',
      story: 'We need help with housing.',
      needs: [{ code: 'housing', urgency: 'routine' }],
    };
    expect(validate(referral)).toBe(true);
    expect(validate({ ...referral, priority: 'high' })).toBe(false);
    expect(validate({ ...referral, needs: [{ code: 'housing', urgency: 'routine', extra: 1 }] })).toBe(false);
    expect(validate({ ...referral, needs: [{ code: 'astrology', urgency: 'routine' }] })).toBe(false);
    expect(validate({ ...referral, needs: [] })).toBe(false);
  });
});
