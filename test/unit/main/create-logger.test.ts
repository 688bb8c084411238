import { createLogger } from '../../../src/main';

describe('createLogger', () => {
  it('redacts credentials and contact data even at debug level', () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'debug' }, { write: (line: string) => void lines.push(line) });
    logger.debug(
      {
        event: 'test.redaction',
        req: { headers: { authorization: 'Bearer secret-key-123456', 'x-hub-signature-256': 'sha256=abc' } },
        contact: { email: 'ann@example.com', phone: '+15551234567', attributes: { size: 'M' } },
        access_token: 'EAAB-token',
        text: 'my card number is 4111',
      },
      'hello',
    );
    const out = lines.join('');
    for (const secret of [
      'secret-key-123456',
      'sha256=abc',
      'ann@example.com',
      '+15551234567',
      'EAAB-token',
      '4111',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('test.redaction');
  });
});
