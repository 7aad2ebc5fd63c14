import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './problem';

const MESSAGE = 'must not contain NUL characters';

/**
 * Where in a parsed JSON body a string (or a key) holds U+0000, as a field path written as validation errors write it (`members.0.givenName`);
 * null if nowhere. PostgreSQL cannot store U+0000 in text or jsonb, so such input would otherwise
 * get as far as the database and fail there.
 */
export function nulCharacterField(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulCharacterField(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return path || '(body)';
      const found = nulCharacterField(child, field);
      if (found !== null) return found;
    }
  }
  return null;
}

/** An encoded NUL anywhere in the path or query (`%00`); Express and the query parser decode it. */
export function urlHasNulCharacter(url: string): boolean {
  return /%00/i.test(url);
}

/**
 * Express middleware, after the JSON body parser: a NUL character in the URL or the body is a 400
 * problem naming where it is (never the value), before any handler or database sees it.
 */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (urlHasNulCharacter(req.originalUrl ?? req.url)) return next(badRequest('The request is not valid.', [{ field: 'url', message: MESSAGE }]));
  const field = nulCharacterField(req.body);
  if (field !== null) return next(badRequest('The request is not valid.', [{ field, message: MESSAGE }]));
  next();
}
