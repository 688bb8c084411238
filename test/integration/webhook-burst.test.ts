import request from 'supertest';
import { META_ENV, pageWebhook, signature, textEvent } from '../helpers/meta-webhooks';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

// Regression (found by scripts/soak.ts): the webhook abuse limit counts every request when it arrives
// and forgets only the successful ones when they finish, so more than 60 signed webhooks in flight at
// once from one IP got 429 — and each 429 stays counted, locking signed Meta traffic out for the rest
// of the minute.
describe('signed webhook bursts', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await createTestParley({ env: META_ENV });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('acknowledges 150 concurrent signed webhooks from one client, none rate-limited', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const body = JSON.stringify(
          pageWebhook([textEvent(`psid-b${i}`, 'hi', `mid-burst-${i}`, Date.now())]),
        );
        const res = await request(t.parley.app)
          .post('/webhooks/meta')
          .set('content-type', 'application/json')
          .set('x-hub-signature-256', signature(body))
          .send(body);
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // And signed traffic keeps flowing afterwards.
    const body = JSON.stringify(pageWebhook([textEvent('psid-after', 'hi', 'mid-burst-after', Date.now())]));
    await request(t.parley.app)
      .post('/webhooks/meta')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', signature(body))
      .send(body)
      .expect(200);
  });
});
