import request from 'supertest';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

describe('GET /metrics', () => {
  let t: TestParley;
  const admin = 'admin-key-0123456789abcdef';
  const reader = 'reader-key-0123456789abcdef';

  beforeAll(async () => {
    t = await createTestParley({ env: { API_KEYS: admin, READ_ONLY_API_KEYS: reader } });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('needs an API key', async () => {
    await request(t.parley.app).get('/metrics').expect(401);
    await request(t.parley.app)
      .get('/metrics')
      .set('Authorization', 'Bearer wrong-key-0123456789')
      .expect(401);
  });

  it("serves Prometheus' text format to a read-only key: process memory, event-loop lag, the model", async () => {
    const res = await request(t.parley.app)
      .get('/metrics')
      .set('Authorization', `Bearer ${reader}`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(res.text).toContain(`# TYPE ${name} gauge`);
    const intents = /^parley_model_intents (\d+)$/m.exec(res.text);
    expect(Number(intents?.[1])).toBe(t.parley.bot.current()!.intents.size);
    expect(Number(intents?.[1])).toBeGreaterThan(0);
  });
});
