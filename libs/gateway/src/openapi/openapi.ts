import { AUTHORIZATION_MATRIX, JsonSchema, REQUEST_SCHEMAS, RequestDescription, RequestSchemas, RESPONSE_SCHEMAS, ResponseDescription, ResponseSchemas } from '@tellonce/contracts';

const PROBLEM: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const SIGN_IN_CONFIG: JsonSchema = {
  oneOf: [
    { type: 'object', required: ['mode'], properties: { mode: { const: 'dev' } } },
    {
      type: 'object',
      required: ['mode', 'issuer', 'clientId', 'authorizationEndpoint', 'tokenEndpoint', 'scope'],
      properties: {
        mode: { const: 'oidc' },
        issuer: { type: 'string', format: 'uri' },
        clientId: { type: 'string' },
        authorizationEndpoint: { type: 'string', format: 'uri' },
        tokenEndpoint: { type: 'string', format: 'uri' },
        endSessionEndpoint: { type: 'string', format: 'uri' },
        scope: { type: 'string' },
        resource: { type: 'string' },
      },
    },
  ],
};

const componentName = (ref: unknown) => (typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined);

/** The request body of an endpoint: required when its schema requires a field. */
function requestBody(request: RequestDescription | undefined, schemas: RequestSchemas['schemas']): Record<string, unknown> {
  if (!request?.body) return {};
  const required = ((schemas[componentName(request.body.$ref) ?? '']?.required as string[] | undefined) ?? []).length > 0;
  return { requestBody: { required, content: { 'application/json': { schema: request.body } } } };
}

/** The success response an endpoint answers with: its real status, and its body's schema unless it has none (204). */
function successResponse(key: string, responses: ResponseSchemas): Record<string, unknown> {
  const response: ResponseDescription | undefined = responses.operations[key];
  // A matrix endpoint without a described response is a gap to fix, not a document to serve vaguely.
  if (!response) throw new Error(`no response schema for ${key}`);
  return { [String(response.status)]: { description: response.description, ...(response.schema ? { content: { 'application/json': { schema: response.schema } } } : {}) } };
}

/**
 * The public API description, built from the authorisation matrix so every endpoint that exists is
 * listed with the roles that may call it, and from the request schemas read off the services' DTOs
 * (libs/shared/contracts/src/openapi, ADR 12) so it says what each endpoint takes, and from the
 * hand-written response schemas next to them so it says what each answers.
 */
export function buildOpenApiDocument(serverUrl: string, requests: RequestSchemas = REQUEST_SCHEMAS, responses: ResponseSchemas = RESPONSE_SCHEMAS): Record<string, unknown> {
  if ('Problem' in requests.schemas) throw new Error('a request DTO named Problem would hide the Problem schema');
  // One components namespace: a response shape named like a request DTO would silently replace it.
  const clashes = Object.keys(responses.schemas).filter((name) => name === 'Problem' || name in requests.schemas);
  if (clashes.length) throw new Error(`response schemas named like other components: ${clashes.join(', ')}`);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, roles] of Object.entries(AUTHORIZATION_MATRIX)) {
    const [method, path] = key.split(' ');
    const request = requests.operations[key];
    const openApiPath = path.replace(/:([A-Za-z]+)/g, '{$1}');
    const pathParameters = [...path.matchAll(/:([A-Za-z]+)/g)].map(
      (m) => request?.path?.find((p) => p.name === m[1]) ?? { name: m[1], in: 'path', required: true, schema: { type: 'string' } },
    );
    paths[openApiPath] ??= {};
    paths[openApiPath][method.toLowerCase()] = {
      operationId: `${method.toLowerCase()}${openApiPath.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      description: `Roles: ${roles.join(', ')}.`,
      parameters: [
        ...pathParameters,
        ...(request?.query ?? []),
        ...(method === 'POST' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
      ],
      ...requestBody(request, requests.schemas),
      security: [{ bearer: [] }],
      responses: {
        ...successResponse(key, responses),
        default: { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  paths['/v1/auth/dev-token'] = {
    post: {
      operationId: 'postV1AuthDevToken',
      description: 'Only when AUTH_MODE=dev; 404 otherwise.',
      ...requestBody(requests.operations['POST /v1/auth/dev-token'], requests.schemas),
      responses: {
        '201': { description: 'Token', content: { 'application/json': { schema: { type: 'object', properties: { accessToken: { type: 'string' } } } } } },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
  paths['/v1/auth/config'] = {
    get: {
      operationId: 'getV1AuthConfig',
      description: 'Public. How the console signs people in: development tokens, or the identity provider (OpenID Connect authorisation code with PKCE, as a public client).',
      responses: {
        '200': { description: 'Sign-in settings', content: { 'application/json': { schema: SIGN_IN_CONFIG } } },
        default: { description: 'Problem (503 while the identity provider cannot be reached)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'TellOnce API',
      version: '1.0.0',
      description: 'Case coordination for Family Hubs. Contract: shared/PRODUCT.md. A body field or query parameter not described here is refused with a 400.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: PROBLEM, ...requests.schemas, ...responses.schemas },
    },
  };
}
