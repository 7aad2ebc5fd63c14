import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { problem } from '@tellonce/platform';

/**
 * Serves the built web console (apps/console, built to dist/console) at `/`, with client-side
 * routes (deep links such as `/referrals/:id` in emails) falling back to index.html. API, health
 * and metrics paths are never shadowed. A missing build file under `/assets/` is a 404: index.html
 * in its place would reach the browser as a script or stylesheet that is HTML.
 */
export function consoleMiddleware(consoleDir: string) {
  const index = path.join(consoleDir, 'index.html');
  const assets = serveStatic(consoleDir, { index: false, maxAge: '1h' });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/v1/') || req.path.startsWith('/health/') || req.path === '/metrics' || req.path.startsWith('/.well-known/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    assets(req, res, () => {
      if (req.path.startsWith('/assets/')) {
        res.status(404).type('application/problem+json').send(JSON.stringify(problem(404, 'No such file.')));
        return;
      }
      if (!fs.existsSync(index)) {
        res.status(503).type('text/plain').send('The TellOnce console has not been built (npm run build:console).');
        return;
      }
      res.sendFile(index);
    });
  };
}
