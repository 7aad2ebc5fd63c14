export * from './consent.module';
export * from './domain/clock';
export * from './domain/audit-chain';
export { CONSENT_ENTITIES } from './entities';
export { CONSENT_MIGRATIONS } from './migrations';
export * from './services/consent-module-options';
export { ConsentExpiryService } from './services/consent-expiry.service';
export { AuditLogService } from './services/audit-log.service';
