export * from './gateway.config';
export * from './gateway.module';
export * from './console/console-static';
export * from './proxy/route-table';
export * from './idempotency/idempotency-store';
export * from './openapi/openapi';
export * from './ops/dead-letter-store';
export * from './http/security-headers';
