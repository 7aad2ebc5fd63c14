import { AUTHORIZATION_MATRIX } from '@tellonce/contracts';

/**
 * The public API description, built from the authorisation matrix so every endpoint that exists is
 * listed with the roles that may call it. Request and response shapes are in shared/PRODUCT.md.
 */
export function buildOpenApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, roles] of Object.entries(AUTHORIZATION_MATRIX)) {
    const [method, path] = key.split(' ');
    const openApiPath = path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[openApiPath] ??= {};
    paths[openApiPath][method.toLowerCase()] = {
      operationId: `${method.toLowerCase()}${openApiPath.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      description: `Roles: ${roles.join(', ')}.`,
      parameters: [
        ...parameters,
        ...(method === 'POST' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
      ],
      security: [{ bearer: [] }],
      responses: {
        '2XX': { description: 'Success', content: { 'application/json': {} } },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  paths['/v1/auth/dev-token'] = {
    post: {
      operationId: 'postV1AuthDevToken',
      description: 'Only when AUTH_MODE=dev; 404 otherwise.',
      requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['sub', 'role'], properties: { sub: { type: 'string' }, role: { type: 'string' }, agencyId: { type: 'string' }, hubId: { type: 'string' } } } } } },
      responses: { '201': { description: 'Token', content: { 'application/json': { schema: { type: 'object', properties: { accessToken: { type: 'string' } } } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'TellOnce API', version: '1.0.0', description: 'Case coordination for Family Hubs. Contract: shared/PRODUCT.md.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
