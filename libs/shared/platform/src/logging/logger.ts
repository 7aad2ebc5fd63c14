import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { requestContext } from '../http/request-context';

/**
 * Paths that may carry personal data. They are censored wherever they appear, so a careless
 * `log.info({ body })` cannot leak a family's story or contact details.
 */
export const REDACT_PATHS = [
  'story', '*.story', 'givenName', '*.givenName', 'familyName', '*.familyName', 'dateOfBirth', '*.dateOfBirth',
  'nhsNumber', '*.nhsNumber', 'phone', '*.phone', 'email', '*.email', 'postcode', '*.postcode', 'line1', '*.line1',
  'address', '*.address', 'contact', '*.contact', 'members', '*.members', 'justification', '*.justification',
  'notes', '*.notes', 'summary', '*.summary', 'req.headers.authorization', 'headers.authorization', 'authorization',
  'secret', '*.secret', 'accessToken', '*.accessToken',
];

export function createLogger(service: string, level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({
    level,
    base: { service, version: process.env.npm_package_version || '0.1.0', pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Every line written while handling a request or an event carries its correlation id.
    mixin: () => {
      const context = requestContext.current();
      return context ? { correlationId: context.correlationId, ...(context.causationId ? { causationId: context.causationId } : {}) } : {};
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Nest's logger interface over pino: one logger, JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
