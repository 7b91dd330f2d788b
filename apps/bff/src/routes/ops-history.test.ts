// `GET /api/ops/history` inside the BFF: the samples taken at start-up and at a real breaker transition.
import { OpsHistoryAnswer, problemsOf } from '@storefront/contract';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCatalog, startFakeCatalog } from '../test-support/fake-catalog.js';
import { buildOfflineBff } from '../test-support/offline-bff.js';

let fake: FakeCatalog;
let app: FastifyInstance;

afterEach(async () => {
  await app.close();
  await fake.close();
});

describe('GET /api/ops/history', () => {
  it('answers every upstream’s samples, one more at each transition, as the contract says', async () => {
    fake = await startFakeCatalog();
    app = buildOfflineBff({
      upstreams: { catalog: { baseUrl: fake.url, resilience: { retryAttempts: 0, breakerThreshold: 1 } } },
      replica: { id: 'bff-7', peers: [] },
    });
    await app.ready();
    fake.mode = 'fail';
    await app.inject('/api/catalog/categories');

    const response = await app.inject('/api/ops/history');
    expect(response.statusCode).toBe(200);
    const answer = response.json<OpsHistoryAnswer>();
    expect(problemsOf(OpsHistoryAnswer, answer)).toEqual([]);
    expect(answer).toMatchObject({ replica: 'bff-7', periodMs: 5000, spanMs: 600_000 });
    expect(answer.upstreams.map(({ name }) => name)).toEqual(app.resilience.list().map(({ name }) => name));
    const catalog = answer.upstreams.find(({ name }) => name === 'catalog');
    // The start-up sample, then the transition's.
    expect(catalog?.samples.map(({ state }) => state)).toEqual(['closed', 'open']);
    expect(answer.upstreams.find(({ name }) => name === 'cart')?.samples).toHaveLength(1);
  });
});
