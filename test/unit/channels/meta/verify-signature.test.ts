import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { verifyMetaSignature } from '../../../../src/channels/meta';

const SECRET = 'app-secret-for-tests';
// Meta signs the bytes it sends, with unicode escaped: re-serializing the parsed JSON changes them.
const raw = Buffer.from(
  fs
    .readFileSync(path.join(__dirname, '../../../fixtures/meta/messenger-text.json'), 'utf8')
    .replace('🚚', '\\ud83d\\ude9a'),
);
const sign = (body: Buffer, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('verifyMetaSignature', () => {
  it('accepts the HMAC-SHA256 of the raw bytes', () => {
    expect(verifyMetaSignature(raw, sign(raw), SECRET)).toBe(true);
    expect(verifyMetaSignature(raw, sign(raw).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(
      true,
    );
  });

  it('rejects a signature of re-serialized JSON (the raw bytes matter)', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))));
    expect(verifyMetaSignature(raw, sign(reserialized), SECRET)).toBe(false);
  });

  it('rejects a wrong secret or a tampered body', () => {
    expect(verifyMetaSignature(raw, sign(raw, 'another-secret'), SECRET)).toBe(false);
    expect(verifyMetaSignature(Buffer.concat([raw, Buffer.from(' ')]), sign(raw), SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without prefix', createHmac('sha256', SECRET).update(raw).digest('hex')],
    ['too short', sign(raw).slice(0, -2)],
    ['too long', `${sign(raw)}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
    ['legacy sha1', `sha1=${createHmac('sha1', SECRET).update(raw).digest('hex')}`],
  ])('rejects a %s header', (_label, header) => {
    expect(verifyMetaSignature(raw, header, SECRET)).toBe(false);
  });

  it('rejects everything when the secret is empty', () => {
    expect(verifyMetaSignature(raw, sign(raw, ''), '')).toBe(false);
  });
});
