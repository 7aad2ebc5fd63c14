// What every endpoint takes, read from the services' own DTOs, for the gateway's OpenAPI document.
// The gateway may not import a service's lib, so this file (outside every lib) reads them all and
// the result is committed as JSON in libs/shared/contracts (docs/adr/0012-openapi-request-schemas.md).
// `WRITE_REQUEST_SCHEMAS=1 npx jest -c jest.unit.config.js scripts/request-schemas.spec.ts` rewrites it;
// without WRITE_REQUEST_SCHEMAS that test fails while it differs.
import type { DynamicModule, Type } from '@nestjs/common';
import { ConsentModule } from '@tellonce/consent';
import type { RequestSchemas } from '@tellonce/contracts';
import { GatewayModule } from '@tellonce/gateway';
import { NotificationsModule } from '@tellonce/notifications';
import { controllersOf, describeControllerRequests, JsonSchemaObject } from '@tellonce/platform';
import { PlansModule } from '@tellonce/plans';
import { ReferralsModule } from '@tellonce/referrals';
import { TimelineModule } from '@tellonce/timeline';
import * as path from 'node:path';

export const REQUEST_SCHEMAS_FILE = path.join(__dirname, '..', 'libs', 'shared', 'contracts', 'src', 'openapi', 'request-schemas.generated.json');

/** The services' own validation decorators (registerDecorator): what their validate() accepts. */
const CUSTOM_DECORATORS: Record<string, JsonSchemaObject> = {
  // referrals: a member's date of birth (not in the future) or expected due date
  isMemberDate: { type: 'string', format: 'date', description: 'A real day as yyyy-mm-dd, from 1900 to 2200; a date of birth may not be in the future.' },
  // plans: due and review dates
  isCalendarDate: { type: 'string', format: 'date', description: 'A real day as yyyy-mm-dd, from 1900 to 2200.' },
};

/**
 * Every HTTP module: only the controllers they declare are read. The options are placeholders:
 * forRoot() only puts them into providers, which are never built here.
 */
async function httpModules(): Promise<(Type | DynamicModule)[]> {
  const unused = {} as never;
  return [
    ReferralsModule.forRoot(unused),
    ConsentModule.forRoot(unused),
    PlansModule.forRoot({ redisUrl: 'redis://unused' } as never),
    NotificationsModule.forRoot(unused),
    TimelineModule,
    await GatewayModule.forRoot(unused),
  ];
}

export async function allControllers(): Promise<Type[]> {
  return (await httpModules()).flatMap(controllersOf);
}

export async function collectRequestSchemas(): Promise<RequestSchemas> {
  return describeControllerRequests(await allControllers(), { customDecorators: CUSTOM_DECORATORS });
}

export const serialise = (schemas: RequestSchemas): string => JSON.stringify(schemas, null, 2) + '\n';
