import { Router } from 'express';
import { buildOpenApiDocument } from '../openapi';

/** `GET /openapi.json` — the API description, unauthenticated, built once. */
export function openApiRoutes(version = '0.1.0'): Router {
  const router = Router();
  let document: unknown = null;
  router.get('/openapi.json', (_req, res) => {
    document ??= buildOpenApiDocument(version);
    res.json(document);
  });
  return router;
}
