import type { OpsHistoryAnswer } from '@storefront/contract/browser';
import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../test/fake-event-source';
import { fakeFaultApi, renderLive } from '../test/fault-api';

const { server } = fakeFaultApi();

describe('resilience console: history', () => {
  it('draws what the BFF kept before the page opened, then what the stream brings', async () => {
    const samples = ['closed', 'open', 'half-open', 'closed'].map((state, index) => ({
      at: new Date(Date.parse('2026-11-30T11:59:00.000Z') + index * 5000).toISOString(),
      state: state as 'closed' | 'open' | 'half-open',
      errorPercent: state === 'open' ? 100 : 0,
      p99Ms: 30,
      ratePerSec: 2,
    }));
    const answer: OpsHistoryAnswer = {
      replica: 'bff-1',
      periodMs: 5000,
      spanMs: 600_000,
      upstreams: [{ name: 'catalog', samples }],
      meta: { requestId: 't' },
    };
    server.use(http.get('*/api/ops/history', () => HttpResponse.json(answer)));
    renderLive(snapshotOf({ at: '2026-11-30T12:00:00.000Z' }));

    const catalog = screen.getByRole('region', { name: 'catalog breaker' });
    expect(
      await within(catalog).findByRole('img', {
        name: 'Breaker state over the last 10 min, now closed; open 1 time, half-open 1 time',
      }),
    ).toBeTruthy();
    // The stream's snapshot (2.5 % errors) is the newest point.
    expect(
      within(catalog).getByRole('img', { name: 'error % over the last 10 min, now 2.5 %, max 100 %' }),
    ).toBeTruthy();
    // Cards without a history start from the stream alone.
    const cart = screen.getByRole('region', { name: 'cart breaker' });
    expect(within(cart).getByRole('img', { name: /^Breaker state .* now closed; never open$/ })).toBeTruthy();
  });
});
