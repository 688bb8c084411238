import { createHmac } from 'node:crypto';
import { parseSignedRequest } from '../../../../src/channels/meta';

const SECRET = 'app-secret-for-tests';

function signedRequest(payload: unknown, secret = SECRET): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha256', secret).update(body).digest('base64url');
  return `${sig}.${body}`;
}

const valid = { algorithm: 'HMAC-SHA256', expires: 1735740000, issued_at: 1735732800, user_id: '218471' };

describe('parseSignedRequest', () => {
  it('verifies and decodes a data-deletion request', () => {
    expect(parseSignedRequest(signedRequest(valid), SECRET)).toEqual({
      ok: true,
      value: { userId: '218471', issuedAt: 1735732800 },
    });
  });

  it('accepts a numeric user id and padding-free base64url', () => {
    const result = parseSignedRequest(signedRequest({ algorithm: 'HMAC-SHA256', user_id: 218471 }), SECRET);
    expect(result).toEqual({ ok: true, value: { userId: '218471' } });
  });

  it.each([
    ['a wrong secret', signedRequest(valid, 'other-secret'), 'bad_signature'],
    [
      'a tampered payload',
      `${signedRequest(valid).split('.')[0]}.${Buffer.from(JSON.stringify({ ...valid, user_id: '1' })).toString('base64url')}`,
      'bad_signature',
    ],
    ['another algorithm', signedRequest({ ...valid, algorithm: 'HMAC-SHA1' }), 'unsupported_algorithm'],
    ['no user id', signedRequest({ algorithm: 'HMAC-SHA256' }), 'payload_invalid'],
    ['no dot', 'abc', 'malformed'],
    ['three parts', 'a.b.c', 'malformed'],
    ['an empty string', '', 'malformed'],
    ['a short signature', `abc.${signedRequest(valid).split('.')[1]}`, 'bad_signature'],
  ])('refuses %s', (_label, input, reason) => {
    const result = parseSignedRequest(input, SECRET);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('meta.signed_request_invalid');
      expect(result.error.details).toEqual({ reason });
    }
  });

  it('refuses a payload that is not JSON even with a right signature', () => {
    const body = Buffer.from('not json').toString('base64url');
    const sig = createHmac('sha256', SECRET).update(body).digest('base64url');
    const result = parseSignedRequest(`${sig}.${body}`, SECRET);
    expect(!result.ok && result.error.details).toEqual({ reason: 'payload_not_json' });
  });
});
