import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator } from 'express-rate-limit';

/**
 * The client address of `req` as express computes `req.ip` with `trust proxy` set to `trustedHops`:
 * the socket's peer when no proxy is trusted, else the entry of `X-Forwarded-For` that the nearest
 * `trustedHops` proxies vouch for (the leftmost one when there are fewer entries). For use on routes
 * served without express.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = req.headers['x-forwarded-for'];
  if (trustedHops <= 0 || typeof forwarded !== 'string') return peer;
  const hops = forwarded.split(',');
  // Address i (0 = the peer, then X-Forwarded-For from the right) is believed when i ≤ trustedHops.
  const index = Math.min(trustedHops, hops.length);
  return hops[hops.length - index]?.trim() ?? peer;
}

/**
 * The rate-limit key of `req`: its {@link clientAddress}, IPv6 addresses widened to their /56 network
 * (express-rate-limit's default, so one host cannot dodge a limit by rotating addresses).
 */
export function clientKey(req: IncomingMessage, trustedHops: number): string {
  return ipKeyGenerator(clientAddress(req, trustedHops));
}
