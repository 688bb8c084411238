/**
 * A deliberately cheap HTTP/1.1 client for load generation: one keep-alive TCP connection that writes
 * pre-built request bytes as they are and reads back only the status line and `Content-Length` of
 * each answer. Requests may be pipelined (answers come back in order on one connection). Node's
 * `http.request` costs tens of microseconds per request in the load process, which on a small machine
 * shares the cores with the server being measured; this costs a few.
 *
 * Only answers with a `Content-Length` are understood (every Parley answer has one); anything else
 * fails the connection.
 */
import net from 'node:net';

/** One open connection; see {@link openRawConnection}. */
export interface RawConnection {
  /** Writes `request` (complete HTTP/1.1 request bytes); resolves with the status, 0 on a failure. */
  send(request: Buffer): Promise<number>;
  /** False once the socket closed or failed (pending and later sends resolve with 0). */
  readonly alive: boolean;
  close(): void;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;

/** Connects to `host:port` (no Nagle delay) and resolves once the connection is open. */
export function openRawConnection(host: string, port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const waiting: ((status: number) => void)[] = [];
    let buffered: Buffer = Buffer.alloc(0);
    let alive = true;

    const fail = () => {
      alive = false;
      socket.destroy();
      for (const settle of waiting.splice(0)) settle(0);
    };

    // The requests sent in answer to one chunk's answers share one cork (one write), flushed once the
    // promise jobs they trigger have run.
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      socket.cork();
      for (;;) {
        const headEnd = buffered.indexOf(HEAD_END);
        if (headEnd === -1) break;
        const head = buffered.toString('latin1', 0, headEnd);
        const length = CONTENT_LENGTH.exec(head)?.[1];
        if (length === undefined) return void fail();
        const end = headEnd + HEAD_END.length + Number(length);
        if (buffered.length < end) break;
        buffered = buffered.subarray(end);
        waiting.shift()?.(Number(head.slice(9, 12)) || 0);
      }
      setImmediate(() => socket.uncork());
    };

    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', fail);
      socket.on('close', fail);
      socket.on('data', onData);
      resolve({
        send(request) {
          if (!alive) return Promise.resolve(0);
          return new Promise<number>((settle) => {
            waiting.push(settle);
            socket.write(request);
          });
        },
        get alive() {
          return alive;
        },
        close: fail,
      });
    });
    socket.once('error', reject);
  });
}

/** The bytes of a `POST` to `url` with `body` and extra headers (`Host` and `Content-Length` added). */
export function rawPostRequest(url: URL, headers: Readonly<Record<string, string>>, body: string): Buffer {
  const payload = Buffer.from(body);
  const lines = [`POST ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${payload.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]);
}
