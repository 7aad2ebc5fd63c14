import type { NextFunction, Request, Response } from 'express';
import { badRequest } from './problem';

const MESSAGE = 'must not contain NUL characters';

/** Deeper than any body of the contract (about four levels), far below what would exhaust the stack. */
export const MAX_BODY_DEPTH = 32;

export type BodyFinding = { problem: 'nul'; field: string } | { problem: 'too-deep' };

/**
 * Looks through a parsed JSON body, without recursion, for what must not go further: a string (or a
 * key) holding U+0000, which PostgreSQL cannot store in text or jsonb, named by its field path as
 * validation errors name fields (`members.0.givenName`); or nesting deeper than MAX_BODY_DEPTH, which
 * recursive code further on (validation, this walk's predecessor) would overflow the stack on.
 */
export function screenBody(body: unknown): BodyFinding | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { problem: 'nul', field: path || '(body)' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { problem: 'too-deep' };
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    // Reversed onto the stack, so fields are looked at in document order and the first NUL is named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (key.includes('\u0000')) return { problem: 'nul', field: path || '(body)' };
      pending.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return null;
}

/** An encoded NUL anywhere in the path or query (`%00`); Express and the query parser decode it. */
export function urlHasNulCharacter(url: string): boolean {
  return /%00/i.test(url);
}

/**
 * Express middleware, after the JSON body parser: a NUL character in the URL or the body, or a body
 * nested absurdly deep, is a 400 problem naming where (never the value), before any handler sees it.
 */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  if (urlHasNulCharacter(req.originalUrl ?? req.url)) return next(badRequest('The request is not valid.', [{ field: 'url', message: MESSAGE }]));
  const finding = screenBody(req.body);
  if (finding?.problem === 'nul') return next(badRequest('The request is not valid.', [{ field: finding.field, message: MESSAGE }]));
  if (finding?.problem === 'too-deep') return next(badRequest('The request is not valid.', [{ field: '(body)', message: `must not be nested more than ${MAX_BODY_DEPTH} levels deep` }]));
  next();
}
