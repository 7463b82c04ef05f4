import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { sendError } from './responses.ts';

/** Serves the built SPA; unknown paths get index.html so client-side routes survive a reload. */
export function createStaticRoute(webDist: string) {
  if (!existsSync(webDist)) {
    return (_req: IncomingMessage, res: ServerResponse) =>
      sendError(res, 404, 'not_built', `The web app is not built (${webDist} is missing): run "pnpm --filter @pulse/web build" or npm start.`);
  }
  const serve = sirv(webDist, { single: true, etag: true, gzip: false, immutable: true, dev: false });
  return (req: IncomingMessage, res: ServerResponse) => serve(req, res, () => sendError(res, 404, 'not_found', 'Nothing here.'));
}
