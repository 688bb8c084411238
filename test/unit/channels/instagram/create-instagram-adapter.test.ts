import { createGraphClient } from '../../../../src/channels/meta';
import { createInstagramAdapter, instagramProfile } from '../../../../src/channels/instagram';
import type { FakeGraphApi } from '../../../helpers/fake-graph-api';
import { startFakeGraphApi } from '../../../helpers/fake-graph-api';

let api: FakeGraphApi;
beforeEach(async () => {
  api = await startFakeGraphApi();
});
afterEach(async () => {
  await api.close();
});

const graph = () =>
  createGraphClient({ graphUrl: api.url, graphVersion: 'v23.0', tokenFor: () => 'ig-token-123456' });

describe('createInstagramAdapter', () => {
  it('sends with Instagram rendering and its fallbacks', async () => {
    const adapter = createInstagramAdapter({ graph: graph(), render: { templates: false } });
    const result = await adapter.send({
      recipientId: 'IGSID',
      pageId: '17841400000000000',
      messagingType: 'RESPONSE',
      message: {
        type: 'buttons',
        text: 'Pick one',
        buttons: [{ type: 'postback', title: 'Red', payload: 'RED' }],
      },
    });
    expect(adapter.channel).toBe('instagram');
    expect(result.ok).toBe(true);
    expect(api.sends()[0]?.body).toMatchObject({
      message: { text: 'Pick one', quick_replies: [{ content_type: 'text', title: 'Red', payload: 'RED' }] },
    });
  });

  it('asks for name,username and maps them to a profile', async () => {
    api.profiles.set('IGSID', { name: 'Ana Maria Lima', username: 'ana.lima' });
    const adapter = createInstagramAdapter({ graph: graph() });
    expect(await adapter.fetchProfile('IGSID', null)).toEqual({ firstName: 'Ana', lastName: 'Maria Lima' });
    expect(api.calls[0]?.query.fields).toBe('name,username');
  });

  it('falls back to the username, or nothing', () => {
    expect(instagramProfile({ username: 'ana.lima' })).toEqual({ firstName: 'ana.lima' });
    expect(instagramProfile({})).toEqual({});
  });

  it('returns the classified failure of a send', async () => {
    api.script({ error: { code: 10, subcode: 2018278 } });
    const adapter = createInstagramAdapter({ graph: graph() });
    const result = await adapter.send({
      recipientId: 'IGSID',
      pageId: null,
      messagingType: 'RESPONSE',
      message: { type: 'text', text: 'Hi' },
    });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.outside_window', retryable: false }),
    });
  });
});
