import { AUTHORIZATION_MATRIX } from '@tellonce/contracts';
import { controllerRoutes } from '@tellonce/platform';
import * as fs from 'node:fs';
import { allControllers, collectRequestSchemas, REQUEST_SCHEMAS_FILE, serialise } from './request-schemas';

/** Served by the gateway for anyone, so outside the matrix. */
const OUTSIDE_THE_MATRIX = ['POST /v1/auth/dev-token', 'GET /v1/auth/config', 'GET /.well-known/jwks.json', 'GET /v1/openapi.json'];

describe('request schemas for the OpenAPI document', () => {
  it('are exactly what the DTOs say (after changing a DTO: WRITE_REQUEST_SCHEMAS=1 npx jest -c jest.unit.config.js scripts/request-schemas.spec.ts)', async () => {
    const fresh = serialise(await collectRequestSchemas());
    if (process.env.WRITE_REQUEST_SCHEMAS === '1') fs.writeFileSync(REQUEST_SCHEMAS_FILE, fresh);
    expect(fs.readFileSync(REQUEST_SCHEMAS_FILE, 'utf8')).toBe(fresh);
  });

  it('are read from every controller that serves an endpoint of the authorisation matrix', async () => {
    const served = controllerRoutes(await allControllers());
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((route) => !served.includes(route))).toEqual([]);
    expect(served.filter((route) => !(route in AUTHORIZATION_MATRIX) && !OUTSIDE_THE_MATRIX.includes(route))).toEqual([]);
  });
});
