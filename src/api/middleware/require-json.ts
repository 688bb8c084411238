import type { RequestHandler } from 'express';
import { ParleyError } from '../../core';

/** Rejects bodies that are not `application/json` with 415 (express.json would silently skip them); no body is fine. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return next();
  if (req.is('application/json')) return next();
  // A bodiless POST (e.g. `…/resume`) has nothing to parse.
  const length = req.headers['content-length'];
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined)
    return next();
  return next(new ParleyError('api.unsupported_media_type', 'Send the body as application/json.'));
};
