import type { HistorySample } from '@storefront/contract/browser';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { upstreamOf } from '../test/fake-event-source';
import { Sparkline } from './sparkline';
import { stateSpans } from './state-timeline';
import { UpstreamCard } from './upstream-card';
import { UpstreamHistory } from './upstream-history';

const START = Date.parse('2026-11-30T12:00:00.000Z');

function sample(secondsAfter: number, patch: Partial<HistorySample> = {}): HistorySample {
  return {
    at: new Date(START + secondsAfter * 1000).toISOString(),
    state: 'closed',
    errorPercent: 0,
    p99Ms: 12,
    ratePerSec: 4,
    ...patch,
  };
}

describe('upstream history charts', () => {
  it('names each chart with what it shows, the value now and the largest', () => {
    render(
      <UpstreamHistory
        name="catalog"
        samples={[
          sample(0),
          sample(5, { errorPercent: 50, p99Ms: 240, ratePerSec: 6 }),
          sample(10, { errorPercent: 0, p99Ms: 20, ratePerSec: 4 }),
        ]}
      />,
    );
    expect(screen.getByRole('img', { name: 'error % over the last 10 min, now 0 %, max 50 %' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'p99 over the last 10 min, now 20 ms, max 240 ms' })).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'requests per second over the last 10 min, now 4 /s, max 6 /s' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'Breaker state over the last 10 min, now closed; never open' }),
    ).toBeTruthy();
  });

  it('shows an open span in the state band after an open transition, named in words too', () => {
    const { container } = render(
      <UpstreamHistory
        name="catalog"
        samples={[sample(0), sample(5), sample(7, { state: 'open' }), sample(10, { state: 'open' })]}
      />,
    );
    const band = screen.getByRole('img', {
      name: /^Breaker state over the last 10 min, now open; open 1 time/,
    });
    const bars = band.querySelectorAll('rect');
    expect([...bars].map((bar) => bar.getAttribute('data-state'))).toEqual(['closed', 'open']);
    const open = bars[1];
    // Colour is not the only cue: the open bar is taller and carries its name.
    expect(Number(open?.getAttribute('height'))).toBeGreaterThan(Number(bars[0]?.getAttribute('height')));
    expect(Number(open?.getAttribute('width'))).toBeGreaterThan(0);
    expect(open?.querySelector('title')?.textContent).toMatch(/^open from /);
    expect(container.querySelector('.shell-ops-states-legend')?.textContent).toBe(
      'closed (low)half-open (mid)open (tall)',
    );
  });

  it('runs the states together and counts each opening', () => {
    const spans = stateSpans(
      [
        { t: 0, state: 'closed' },
        { t: 1, state: 'open' },
        { t: 2, state: 'open' },
        { t: 3, state: 'half-open' },
        { t: 4, state: 'open' },
      ],
      9,
    );
    expect(spans).toEqual([
      { state: 'closed', from: 0, to: 1 },
      { state: 'open', from: 1, to: 3 },
      { state: 'half-open', from: 3, to: 4 },
      { state: 'open', from: 4, to: 9 },
    ]);
  });

  it('says when there is nothing to draw yet', () => {
    render(
      <Sparkline label="p99" points={[]} from={0} to={1} span="10 min" format={(value) => `${value} ms`} />,
    );
    expect(screen.getByRole('img', { name: 'p99 over the last 10 min: no data yet' })).toBeTruthy();
  });

  it('does not join points across a gap (the console was away)', () => {
    const { container } = render(
      <Sparkline
        label="p99"
        points={[
          { t: 0, value: 1 },
          { t: 5000, value: 2 },
          { t: 60_000, value: 3 },
        ]}
        from={0}
        to={60_000}
        span="1 min"
        format={String}
      />,
    );
    const d = container.querySelector('path')?.getAttribute('d') ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
  });
});

describe('upstream card: history', () => {
  it('draws the charts under "Last 10 min" when it has samples, and none without', () => {
    const { rerender } = render(
      <UpstreamCard upstream={upstreamOf('cart')} elapsedMs={0} history={[sample(0), sample(5)]} />,
    );
    const card = screen.getByRole('region', { name: 'cart breaker' });
    expect(within(card).getByRole('heading', { name: 'Last 10 min' })).toBeTruthy();
    expect(within(card).getAllByRole('img')).toHaveLength(4);

    rerender(<UpstreamCard upstream={upstreamOf('cart')} elapsedMs={0} />);
    expect(within(card).queryByRole('heading', { name: 'Last 10 min' })).toBeNull();
    expect(within(card).queryAllByRole('img')).toHaveLength(0);
  });
});
