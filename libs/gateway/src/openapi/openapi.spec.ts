import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { AUTHORIZATION_MATRIX, CHANNELS, NEED_CODES, REQUEST_SCHEMAS, RESPONSE_SCHEMAS, ROUTE_STATUSES } from '@tellonce/contracts';
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
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
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

  describe('responses', () => {
    const operations = Object.keys(AUTHORIZATION_MATRIX).map((key) => {
      const [method, path] = key.split(' ');
      return { key, op: operation(method.toLowerCase(), path.replace(/:([A-Za-z]+)/g, '{$1}')) };
    });
    /** The success response's schema, its `#/components` refs pointed at the document Ajv knows as `openapi`. */
    const compiled = (schema: Schema) => schemaValidator().compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as Schema);

    it('gives every matrix endpoint exactly one success status, the real one, with a JSON schema unless it answers 204; Problem stays the default', () => {
      expect(Object.keys(RESPONSE_SCHEMAS.operations).sort()).toEqual(Object.keys(AUTHORIZATION_MATRIX).sort());
      for (const { key, op } of operations) {
        const codes = Object.keys(op.responses).filter((code) => code !== 'default');
        expect({ key, codes }).toEqual({ key, codes: [String(RESPONSE_SCHEMAS.operations[key].status)] });
        expect(op.responses['default'].content?.['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
        const success = op.responses[codes[0]];
        if (codes[0] === '204') expect(success.content).toBeUndefined();
        else expect({ key, schema: success.content?.['application/json'].schema }).toEqual({ key, schema: expect.any(Object) });
      }
      const status = (key: string) => Object.keys(operations.find((o) => o.key === key)!.op.responses).filter((c) => c !== 'default');
      expect(status('POST /v1/referrals')).toEqual(['201']);
      expect(status('POST /v1/referrals/:id/routes/:routeId/transitions')).toEqual(['200']);
      expect(status('DELETE /v1/subscriptions/:id')).toEqual(['204']);
      expect(status('POST /v1/subscriptions/:id/replay')).toEqual(['202']);
      expect(status('GET /v1/directory/needs')).toEqual(['200']);
    });

    it('has response schemas that compile strictly and refer only to components that exist', () => {
      for (const { key, op } of operations) {
        const schema = Object.entries(op.responses).find(([code]) => code !== 'default')![1].content?.['application/json'].schema;
        if (!schema) continue;
        for (const [at, target] of refsIn(schema)) expect({ key, at, resolves: resolve(target) !== undefined }).toEqual({ key, at, resolves: true });
        expect(() => compiled(schema)).not.toThrow();
      }
      for (const name of Object.keys(RESPONSE_SCHEMAS.schemas)) expect(document.components.schemas[name]).toBe(RESPONSE_SCHEMAS.schemas[name]);
    });

    it('refuses to build when a response schema is named like a request DTO or Problem, or a matrix endpoint has no response', () => {
      const requestName = Object.keys(REQUEST_SCHEMAS.schemas)[0];
      expect(() => buildOpenApiDocument('http://x', REQUEST_SCHEMAS, { ...RESPONSE_SCHEMAS, schemas: { ...RESPONSE_SCHEMAS.schemas, [requestName]: {} } })).toThrow(requestName);
      expect(() => buildOpenApiDocument('http://x', REQUEST_SCHEMAS, { ...RESPONSE_SCHEMAS, schemas: { ...RESPONSE_SCHEMAS.schemas, Problem: {} } })).toThrow('Problem');
      const { ['GET /v1/audit']: _audit, ...others } = RESPONSE_SCHEMAS.operations;
      expect(() => buildOpenApiDocument('http://x', REQUEST_SCHEMAS, { ...RESPONSE_SCHEMAS, operations: others })).toThrow('GET /v1/audit');
    });

    it('describes lists as the contract does: pages of { items, nextCursor }, the directory as bare arrays', () => {
      const schemaOf = (key: string) => RESPONSE_SCHEMAS.operations[key].schema as Schema;
      expect(component(schemaOf('GET /v1/referrals').$ref)).toMatchObject({ required: ['items', 'nextCursor'], properties: { nextCursor: { type: ['string', 'null'] } } });
      expect(component(schemaOf('GET /v1/families/:familyId/timeline').$ref).properties!['items'].items).toEqual({ $ref: '#/components/schemas/TimelineEntry' });
      expect(schemaOf('GET /v1/directory/needs')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Need' } });
    });

    it('requires the fields the contract names, with its enumerations, and lets the product add fields', () => {
      const route = component('#/components/schemas/Route');
      expect(route.required).toEqual(expect.arrayContaining(['id', 'agencyId', 'serviceId', 'needCodes', 'status']));
      expect(route.properties!['status']).toEqual({ type: 'string', enum: [...ROUTE_STATUSES] });
      expect(route.properties!['needCodes'].items).toEqual({ type: 'string', enum: [...NEED_CODES] });
      const unclosed = Object.entries(document.components.schemas).filter(([name]) => name in RESPONSE_SCHEMAS.schemas && JSON.stringify(document.components.schemas[name]).includes('"additionalProperties":false'));
      expect(unclosed.map(([name]) => name)).toEqual([]);

      const validate = compiled({ $ref: '#/components/schemas/Route' });
      const sample = {
        id: '0b3f5c1e-8a4d-4c2e-9f1a-2d3e4f5a6b7c',
        referralId: '1b3f5c1e-8a4d-4c2e-9f1a-2d3e4f5a6b7c',
        agencyId: 'housing-options',
        serviceId: 'housing-options-advice',
        needCodes: ['housing'],
        status: 'requested',
        urgency: 'routine',
        version: 2,
        updatedAt: '2031-01-10T09:00:00.000Z',
      };
      expect(validate(sample)).toBe(true);
      expect(validate({ ...sample, somethingNew: 1 })).toBe(true);
      expect(validate({ ...sample, status: 'lost' })).toBe(false);
      expect(validate({ ...sample, needCodes: ['astrology'] })).toBe(false);
      const { status: _status, ...noStatus } = sample;
      expect(validate(noStatus)).toBe(false);
    });
  });
});
