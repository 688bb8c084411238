import { verifyHandshake } from '../../../../src/channels/meta';

const TOKEN = 'verify-token-123';
const query = (over: Record<string, unknown> = {}) => ({
  'hub.mode': 'subscribe',
  'hub.verify_token': TOKEN,
  'hub.challenge': '1158201444',
  ...over,
});

describe('verifyHandshake', () => {
  it('returns the challenge when the token matches', () => {
    expect(verifyHandshake(query(), TOKEN)).toEqual({ ok: true, challenge: '1158201444' });
  });

  it.each([
    ['a wrong token', { 'hub.verify_token': 'verify-token-124' }],
    ['a shorter token', { 'hub.verify_token': 'verify' }],
    ['a missing token', { 'hub.verify_token': undefined }],
    ['another mode', { 'hub.mode': 'unsubscribe' }],
    ['a missing challenge', { 'hub.challenge': undefined }],
    ['an array token', { 'hub.verify_token': [TOKEN, TOKEN] }],
    ['a challenge with markup', { 'hub.challenge': '<script>alert(1)</script>' }],
  ])('refuses %s', (_label, over) => {
    expect(verifyHandshake(query(over), TOKEN)).toEqual({ ok: false });
  });

  it('refuses everything when no verify token is configured', () => {
    expect(verifyHandshake(query({ 'hub.verify_token': '' }), '')).toEqual({ ok: false });
  });
});
