import type { IncomingMessage } from 'node:http';
import { clientAddress, clientKey } from '../../../src/api/middleware/client-address';

const req = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage;

describe('clientAddress (as express computes req.ip with a number of trusted proxies)', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(req('10.0.0.1', '203.0.113.9'), 0)).toBe('10.0.0.1');
  });

  it('takes the entry the trusted hops vouch for, from the right', () => {
    expect(clientAddress(req('10.0.0.1', '198.51.100.7, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(req('10.0.0.1', '198.51.100.7, 203.0.113.9'), 2)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.1', '198.51.100.7'), 3)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.1'), 1)).toBe('10.0.0.1');
  });

  it('keys IPv6 clients by their /56 network', () => {
    expect(clientKey(req('2001:db8:1:2a00::1'), 0)).toBe(clientKey(req('2001:db8:1:2aff::9'), 0));
    expect(clientKey(req('203.0.113.9'), 0)).toBe('203.0.113.9');
  });
});
