import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { NodeRequestHandler } from './routes/meta-webhook-handler';

/** A route served ahead of express: an exact method and path (any query string). */
export interface FastRoute {
  readonly method: string;
  readonly path: string;
  readonly handler: NodeRequestHandler;
}

const FAST_ROUTES = Symbol('parley.fastRoutes');
type WithFastRoutes = Express & { [FAST_ROUTES]?: readonly FastRoute[] };

/**
 * Records `routes` on `app` (which also mounts them as ordinary express routes, so `app` alone serves
 * everything) for {@link createRequestListener}.
 */
export function attachFastRoutes(app: Express, routes: readonly FastRoute[]): void {
  (app as WithFastRoutes)[FAST_ROUTES] = routes;
}

/**
 * The listener to give `http.createServer` for `app`: requests matching one of its fast routes exactly
 * (method, path; any query string) go straight to the route's handler, skipping express's request
 * set-up and routing; everything else (other methods and paths, other spellings such as a trailing
 * slash) goes to `app`, where the same handlers are mounted too.
 */
export function createRequestListener(app: Express): RequestListener {
  const routes = (app as WithFastRoutes)[FAST_ROUTES] ?? [];
  if (routes.length === 0) return app;
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    for (const route of routes) {
      if (route.method === req.method && route.path === path) return route.handler(req, res);
    }
    return app(req, res);
  };
}
