import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import type { ErrorCode } from '../../core';

/** Why a body could not be read: an HTTP answer to give, or nothing when the client went away. */
export type RawBodyFailure =
  | { readonly aborted: false; readonly status: number; readonly code: ErrorCode; readonly message: string }
  | { readonly aborted: true };

/** The body's bytes (decompressed), or why there are none. */
export type RawBodyOutcome =
  { readonly ok: true; readonly body: Buffer } | ({ readonly ok: false } & RawBodyFailure);

const tooLarge = {
  ok: false,
  aborted: false,
  status: 413,
  code: 'api.payload_too_large',
  message: 'The request body is too large.',
} as const;

type Decoder = (input: Buffer, options: zlib.ZlibOptions, cb: (e: Error | null, out: Buffer) => void) => void;

/** The encodings express's body parsers accept (and the signature is checked on the decoded bytes). */
const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: zlib.gunzip,
  'x-gzip': zlib.gunzip,
  deflate: zlib.inflate,
  br: zlib.brotliDecompress as Decoder,
};

/**
 * Reads the whole body of `req`, at most `limitBytes` (413 as soon as the declared or received size
 * is over, without buffering more), decoding `gzip`/`deflate`/`br` (the decoded size is limited
 * too; other encodings: 415). Never rejects. A body over the limit is left unread: answer it with
 * `Connection: close`.
 */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<RawBodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (declared > limitBytes) return Promise.resolve(tooLarge);
  const encoding = req.headers['content-encoding']?.toLowerCase() ?? 'identity';
  const decode = encoding === 'identity' ? null : DECODERS[encoding];
  if (decode === undefined) {
    return Promise.resolve({
      ok: false,
      aborted: false,
      status: 415,
      code: 'api.unsupported_media_type',
      message: `Unsupported content encoding "${encoding}".`,
    });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (outcome: RawBodyOutcome) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(outcome);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limitBytes) settle(tooLarge);
      else chunks.push(chunk);
    });
    req.on('error', () => settle({ ok: false, aborted: true }));
    req.on('end', () => {
      if (settled) return;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
      if (decode === null) return settle({ ok: true, body: raw });
      decode(raw, { maxOutputLength: limitBytes }, (error, body) => {
        if (!error) return settle({ ok: true, body });
        const overflow = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
        settle(
          overflow
            ? tooLarge
            : {
                ok: false,
                aborted: false,
                status: 400,
                code: 'api.bad_request',
                message: `The body is not valid ${encoding}.`,
              },
        );
      });
    });
  });
}
