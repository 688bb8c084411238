import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openRawConnection, rawPostRequest } from '../../../scripts/raw-http-connection';

describe('openRawConnection (the load generator client)', () => {
  let server: http.Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(`${req.url} ${req.headers['x-test']} ${body}`);
        const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
        // Written in two pieces, so answers straddle chunks.
        res.writeHead(status, { 'Content-Length': 11, ...(status === 413 ? { Connection: 'close' } : {}) });
        res.write('EVENT_');
        setTimeout(() => res.end('RECV\n'), 2);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const request = (query: string, body: string) =>
    rawPostRequest(new URL(`http://127.0.0.1:${port}/hook${query}`), { 'X-Test': 'yes' }, body);

  it('sends pre-built requests as they are and reads each status, pipelined in order', async () => {
    const conn = await openRawConnection('127.0.0.1', port);
    const statuses = await Promise.all([
      conn.send(request('', '{"a":1}')),
      conn.send(request('?status=401', 'x')),
      conn.send(request('?status=202', '')),
    ]);
    expect(statuses).toEqual([200, 401, 202]);
    expect(seen.slice(-3)).toEqual(['/hook yes {"a":1}', '/hook?status=401 yes x', '/hook?status=202 yes ']);
    expect(conn.alive).toBe(true);
    conn.close();
    expect(await conn.send(request('', ''))).toBe(0);
  });

  it('resolves 0 for requests lost when the server closes the connection', async () => {
    const conn = await openRawConnection('127.0.0.1', port);
    expect(await conn.send(request('?status=413', ''))).toBe(413);
    await new Promise((r) => setTimeout(r, 20));
    expect(conn.alive).toBe(false);
    expect(await conn.send(request('', ''))).toBe(0);
  });
});
