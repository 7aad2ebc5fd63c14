import type { NextFunction, Request, Response } from 'express';

/**
 * The console is a same-origin app built into files (no inline script or style), so it needs
 * nothing from elsewhere; the API answers JSON. Deny by default: no framing, no sniffing, no
 * referrer, and no other origin's code. The one exception is `connect-src`: with OIDC sign-in the
 * console redeems its authorisation code at the provider's token endpoint.
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return CONTENT_SECURITY_POLICY.replace("connect-src 'self'", ["connect-src 'self'", ...connectSources].join(' '));
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every gateway response. API answers carry family data, so no cache (browser or proxy) may keep them. */
const NO_OTHER_ORIGINS: readonly string[] = [];

export function securityHeaders(connectSources: () => readonly string[] = () => NO_OTHER_ORIGINS) {
  // The policy changes only when the list does (OIDC discovery): build it then, not per answer.
  let builtFor: readonly string[] = NO_OTHER_ORIGINS;
  let policy = CONTENT_SECURITY_POLICY;
  return (request: Request, response: Response, next: NextFunction): void => {
    const sources = connectSources();
    if (sources !== builtFor) {
      builtFor = sources;
      policy = contentSecurityPolicy(sources);
    }
    response.setHeader('Content-Security-Policy', policy);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (request.path.startsWith('/v1/')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
