import { type Availability, Availability as AvailabilitySchema, problemsOf } from '@storefront/contract';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeEventSources, snapshotOf } from '../test/fake-event-source';
import { fakeFaultApi, renderOps } from '../test/fault-api';
import { AvailabilityPanel, formatShare } from './availability-panel';

fakeFaultApi();

/** Two replicas' figures: the catalog failing now and then, saved copies covering most of it. */
function availabilityOf(patch: Partial<Availability> = {}): Availability {
  return {
    windowSeconds: 300,
    replicas: ['bff-1', 'bff-2'],
    upstreams: [
      { name: 'catalog', calls: 1000, successful: 900, availability: 0.9 },
      { name: 'cart', calls: 400, successful: 396, availability: 0.99 },
      { name: 'account', calls: 200, successful: 200, availability: 1 },
      { name: 'account-password', calls: 0, successful: 0, availability: null },
    ],
    pageUpstreams: ['catalog', 'cart', 'account'],
    naivePage: 0.891,
    shopperSeen: 0.995,
    liveOnly: 0.9,
    pageReads: { total: 1200, live: 1080, saved: 114 },
    ...patch,
  };
}

function row(name: string): string[] {
  const table = screen.getByRole('table', { name: 'Availability per upstream' });
  const header = within(table).getByRole('rowheader', { name: new RegExp(`^${name}( \\(|$)`) });
  const cells = header.parentElement?.querySelectorAll('td') ?? [];
  return [header.textContent ?? '', ...[...cells].map((cell) => cell.textContent ?? '')];
}

describe('availability panel', () => {
  it('shows each upstream’s share with its calls, the naive page product and what shoppers saw', () => {
    const availability = availabilityOf();
    expect(problemsOf(AvailabilitySchema, availability)).toEqual([]);
    render(<AvailabilityPanel snapshot={snapshotOf({ availability })} />);

    expect(screen.getByRole('heading', { level: 2, name: 'Availability (last 5 min)' })).toBeTruthy();
    expect(row('catalog')).toEqual(['catalog (P₁)', '90.0 %', '900 / 1,000 calls']);
    expect(row('cart')).toEqual(['cart (P₂)', '99.00 %', '396 / 400 calls']);
    expect(row('account')).toEqual(['account (P₃)', '100 %', '200 / 200 calls']);
    // Not a factor of the page; never asked in the window.
    expect(row('account-password')).toEqual(['account-password', '—', 'no calls']);

    const region = screen.getByRole('region', { name: 'Availability (last 5 min)' });
    expect(region.querySelector('[data-figure="naive-page"]')?.textContent).toBe(
      'A page needing all three live: P₁·P₂·P₃ = 89.1 %',
    );
    expect(region.querySelector('[data-figure="shopper-seen"]')?.textContent).toBe(
      'Shoppers saw: 99.50 % (live or saved) · live only 90.0 % · saved copies added 9.5 points',
    );
    expect(within(region).getByText(/1,200 reads/).textContent).toContain('Summed over bff-1, bff-2.');
  });

  it('says "—" rather than a figure when nothing was counted', () => {
    const availability = availabilityOf({
      upstreams: [{ name: 'catalog', calls: 0, successful: 0, availability: null }],
      naivePage: null,
      shopperSeen: null,
      liveOnly: null,
      pageReads: { total: 0, live: 0, saved: 0 },
    });
    render(<AvailabilityPanel snapshot={snapshotOf({ availability })} />);
    const region = screen.getByRole('region', { name: 'Availability (last 5 min)' });
    expect(row('catalog')).toEqual(['catalog (P₁)', '—', 'no calls']);
    expect(region.querySelector('[data-figure="naive-page"]')?.textContent).toBe(
      'A page needing all three live: P₁·P₂·P₃ = —',
    );
    expect(region.querySelector('[data-figure="shopper-seen"]')?.textContent).toBe(
      'Shoppers saw: — (live or saved) · live only —',
    );
  });

  it('waits for a snapshot, and says so when the replica is older and reports none', () => {
    const { rerender } = render(<AvailabilityPanel snapshot={null} />);
    expect(screen.getByText('Waiting for the first snapshot…')).toBeTruthy();
    const { availability: _none, ...older } = snapshotOf();
    rerender(<AvailabilityPanel snapshot={older} />);
    expect(screen.getByText(/bff-1 does not report availability/)).toBeTruthy();
  });

  it('never rounds an outage away', () => {
    expect(formatShare(0.99999)).toBe('99.99 %');
    expect(formatShare(0.98765)).toBe('98.7 %');
    expect(formatShare(0.00001)).toBe('0.0 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(null)).toBe('—');
  });

  it('is on the console, fed by the ops stream', () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    streams.latest().open();
    streams.latest().emit('snapshot', snapshotOf({ availability: availabilityOf() }));
    const region = screen.getByRole('region', { name: 'Availability (last 5 min)' });
    expect(region.querySelector('[data-figure="naive-page"]')?.textContent).toContain('= 89.1 %');
  });
});
