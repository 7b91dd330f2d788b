import { OpsSnapshot, problemsOf } from '@storefront/contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { replicaOf, snapshotOf, upstreamOf } from '../test/fake-event-source';
import { fakeFaultApi, renderLive } from '../test/fault-api';

fakeFaultApi();

function grid(): HTMLElement {
  return screen.getByRole('table', { name: 'Breakers per replica' });
}

/** The state cells of one upstream's row, one per replica column (the row header is not a cell). */
function statesOf(upstream: string): Array<[string | null, string | null]> {
  const row = within(grid()).getByRole('row', { name: new RegExp(`^${upstream}\\b`) });
  return within(row)
    .getAllByRole('cell')
    .map((cell) => [cell.textContent, cell.getAttribute('data-state')]);
}

function columns(): Array<string | null> {
  return within(grid())
    .getAllByRole('columnheader')
    .map((header) => header.textContent);
}

describe('resilience console: breakers per replica', () => {
  it('the test snapshot fits the contract', () => {
    expect(problemsOf(OpsSnapshot, snapshotOf())).toEqual([]);
  });

  it('shows each upstream’s state in every replica and says whose stream this is', () => {
    renderLive(
      snapshotOf({
        upstreams: [upstreamOf('catalog', { state: 'open', retryAfterMs: 4000 }), upstreamOf('cart')],
        replicas: [
          replicaOf('bff-1', { catalog: 'open' }),
          replicaOf('bff-2', { catalog: 'half-open', cart: 'open' }),
        ],
      }),
    );
    const breakers = screen.getByRole('region', { name: 'Breakers' });
    expect(within(breakers).getByText(/This is the stream of/).textContent).toContain('bff-1');
    expect(columns()).toEqual(['Upstream', 'bff-1 (this stream)', 'bff-2']);
    // The streaming replica's column follows its own upstreams; the peers' come from `replicas`.
    expect(statesOf('catalog')).toEqual([
      [expect.stringMatching(/^open · [1-4] s$/), 'open'],
      ['half-open', 'half-open'],
    ]);
    expect(statesOf('cart')).toEqual([
      ['closed', 'closed'],
      [expect.stringMatching(/^open · [1-5] s$/), 'open'],
    ]);
    // An upstream only a peer reports still gets a row.
    expect(statesOf('account')).toEqual([
      ['not reported', 'unknown'],
      ['closed', 'closed'],
    ]);
    // The detail cards stay those of the streaming replica.
    expect(screen.getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'account breaker' })).toBeNull();
  });

  it('marks every upstream unavailable in a replica that did not answer', () => {
    renderLive(snapshotOf({ replicas: [replicaOf('bff-1'), replicaOf('bff-2', {}, false)] }));
    for (const upstream of ['catalog', 'cart', 'account']) {
      expect(statesOf(upstream)).toEqual([
        ['closed', 'closed'],
        ['unavailable', 'unavailable'],
      ]);
    }
  });

  it('updates the streaming replica’s column at a transition event, before the next snapshot', () => {
    const streams = renderLive();
    streams.latest().emit('transition', {
      upstream: 'cart',
      from: 'closed',
      to: 'open',
      at: '2025-05-01T12:00:01.000Z',
      reason: '3 consecutive failures',
    });
    expect(statesOf('cart').map(([, state]) => state)).toEqual(['open', 'closed']);
  });

  it('puts the streaming replica first, whichever answered', () => {
    renderLive(
      snapshotOf({
        replica: 'bff-2',
        replicas: [replicaOf('bff-2'), replicaOf('bff-1', { account: 'open' })],
      }),
    );
    expect(columns()).toEqual(['Upstream', 'bff-2 (this stream)', 'bff-1']);
    expect(statesOf('account').map(([, state]) => state)).toEqual(['closed', 'open']);
    expect(screen.getByText(/This is the stream of/).textContent).toContain('bff-2');
  });

  it('shows the streaming replica alone when the BFF sends no replicas (no peers)', () => {
    renderLive(snapshotOf({ replicas: [] }));
    expect(columns()).toEqual(['Upstream', 'bff-1 (this stream)']);
    expect(statesOf('catalog')).toEqual([['closed', 'closed']]);
  });
});
