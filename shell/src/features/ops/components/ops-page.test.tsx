import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { fakeEventSources, snapshotOf, upstreamOf } from '../test/fake-event-source';
import { fakeFaultApi, renderLive, renderOps } from '../test/fault-api';

const { server, calls } = fakeFaultApi();

/** The stream's status line in the page head (the Scenarios section has a status of its own). */
function streamStatus(): HTMLElement {
  const head = screen.getByRole('heading', { level: 1, name: 'Resilience console' }).parentElement;
  if (!head) throw new Error('no page head');
  return within(head).getByRole('status');
}

function figure(card: HTMLElement, label: string): string | null {
  const term = within(card).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? null;
}

describe('resilience console: stream', () => {
  it('opens /api/ops/stream and renders one card per upstream from the snapshot', () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    expect(screen.getByRole('heading', { level: 1, name: 'Resilience console' })).toBeTruthy();
    expect(streamStatus().textContent).toContain('Connecting');
    expect(streams.latest().url).toBe('/api/ops/stream');

    streams.latest().open();
    streams.latest().emit(
      'snapshot',
      snapshotOf({
        upstreams: [
          upstreamOf('catalog', { state: 'open', retryAfterMs: 4200 }),
          upstreamOf('cart', { state: 'half-open' }),
          upstreamOf('account'),
        ],
      }),
    );

    expect(streamStatus().textContent).toContain('Live');
    const catalog = screen.getByRole('region', { name: 'catalog breaker' });
    const badge = within(catalog).getByText('open');
    expect(badge.getAttribute('data-state')).toBe('open');
    expect(within(catalog).getByText(/Next probe in/).textContent).toMatch(/Next probe in [1-5] s/);
    expect(figure(catalog, 'Error rate')).toBe('2.5 %');
    expect(figure(catalog, 'Requests / s')).toBe('4');
    expect(figure(catalog, 'p50')).toBe('3 ms');
    expect(figure(catalog, 'p95')).toBe('9 ms');
    expect(figure(catalog, 'p99')).toBe('20 ms');
    expect(figure(catalog, 'Successful')).toBe('110');
    expect(figure(catalog, 'Failed')).toBe('7');
    expect(figure(catalog, 'Timeouts')).toBe('3');
    expect(figure(catalog, 'Short-circuited')).toBe('0');
    expect(figure(catalog, 'Retries')).toBe('5');
    expect(figure(catalog, 'Fallbacks served')).toBe('2');
    expect(figure(catalog, 'Rejected')).toBe('1');

    const cart = screen.getByRole('region', { name: 'cart breaker' });
    expect(within(cart).getByText('half-open').getAttribute('data-state')).toBe('half-open');
    expect(within(cart).queryByText(/Next probe in/)).toBeNull();
    const account = screen.getByRole('region', { name: 'account breaker' });
    expect(within(account).getByText('closed').getAttribute('data-state')).toBe('closed');
  });

  it('adds a transition event to the timeline and updates the badge at once', () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    const stream = streams.latest();
    stream.open();
    stream.emit(
      'snapshot',
      snapshotOf({
        upstreams: [
          upstreamOf('catalog', {
            transitions: [
              { from: 'open', to: 'half-open', at: '2025-05-01T11:59:00.000Z', reason: 'cooldown over' },
            ],
          }),
        ],
      }),
    );
    const catalog = screen.getByRole('region', { name: 'catalog breaker' });
    expect(
      within(within(catalog).getByRole('list', { name: 'catalog transitions' })).getAllByRole('listitem'),
    ).toHaveLength(1);

    stream.emit('transition', {
      upstream: 'catalog',
      from: 'closed',
      to: 'open',
      at: '2025-05-01T12:00:01.000Z',
      reason: '3 consecutive failures',
    });

    const items = within(within(catalog).getByRole('list', { name: 'catalog transitions' })).getAllByRole(
      'listitem',
    );
    expect(items).toHaveLength(2);
    // Newest first.
    expect(items[0]?.textContent).toContain('closed → open');
    expect(items[0]?.textContent).toContain('3 consecutive failures');
    expect(items[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2025-05-01T12:00:01.000Z');
    expect(within(catalog).getByText('open', { selector: '.shell-ops-badge' })).toBeTruthy();

    // The next snapshot carries the same transition: it is not shown twice.
    stream.emit(
      'snapshot',
      snapshotOf({
        upstreams: [
          upstreamOf('catalog', {
            state: 'open',
            retryAfterMs: 5000,
            transitions: [
              { from: 'open', to: 'half-open', at: '2025-05-01T11:59:00.000Z', reason: 'cooldown over' },
              {
                from: 'closed',
                to: 'open',
                at: '2025-05-01T12:00:01.000Z',
                reason: '3 consecutive failures',
              },
            ],
          }),
        ],
      }),
    );
    expect(
      within(within(catalog).getByRole('list', { name: 'catalog transitions' })).getAllByRole('listitem'),
    ).toHaveLength(2);
  });

  it('shows "Reconnecting…" with the last snapshot while the browser reconnects, then live again', () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    const stream = streams.latest();
    stream.open();
    stream.emit('snapshot', snapshotOf());

    stream.fail(0);
    expect(streamStatus().textContent).toContain('Reconnecting…');
    // The last snapshot stays on screen.
    expect(screen.getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
    // EventSource reconnects by itself: no second stream.
    expect(streams.opened).toHaveLength(1);

    stream.open();
    expect(streamStatus().textContent).toContain('Live');
    stream.emit(
      'snapshot',
      snapshotOf({ upstreams: [upstreamOf('catalog', { state: 'open', retryAfterMs: 3000 })] }),
    );
    expect(
      within(screen.getByRole('region', { name: 'catalog breaker' })).getByText('open', {
        selector: '.shell-ops-badge',
      }),
    ).toBeTruthy();
  });

  it('opens a new stream when the browser gave up on one (e.g. a 502 while the BFF is down)', async () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    streams.latest().emit('snapshot', snapshotOf());
    streams.latest().fail(2);
    expect(streamStatus().textContent).toContain('Reconnecting…');

    await waitFor(() => expect(streams.opened).toHaveLength(2));
    streams.latest().open();
    streams.latest().emit('snapshot', snapshotOf());
    expect(streamStatus().textContent).toContain('Live');
  });

  it('ignores malformed events', () => {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    streams.latest().emit('snapshot', { nope: true });
    streams.latest().emit('transition', 'not an object');
    expect(screen.queryByRole('region', { name: /breaker/ })).toBeNull();
    expect(screen.getAllByText('Waiting for the first snapshot…').length).toBeGreaterThan(0);
  });

  it('says so when the browser has no EventSource', () => {
    renderOps(null);
    expect(streamStatus().textContent).toContain('no EventSource');
  });
});

describe('resilience console: scenarios', () => {
  function running(patch: Partial<NonNullable<ReturnType<typeof snapshotOf>['faults']['scenario']>> = {}) {
    const base = snapshotOf();
    return snapshotOf({
      faults: {
        ...base.faults,
        scenario: {
          name: 'catalog-outage',
          startedAt: '2025-05-01T11:59:40.000Z',
          endsAt: '2025-05-01T12:00:25.000Z',
          speed: 2,
          stepsDone: 1,
          stepsTotal: 2,
          ...patch,
        },
      },
    });
  }

  it('lists each scenario with its description, duration and run button', async () => {
    renderLive();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    expect(await within(section).findByRole('heading', { level: 3, name: 'catalog-outage' })).toBeTruthy();
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('The catalog service goes down for a minute');
    expect(items[0]?.textContent).toContain('1 min 30 s');
    expect(items[1]?.textContent).toContain('30 s');
    expect(within(section).getByRole('button', { name: 'Run scenario catalog-outage' })).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Run scenario slow-cart' })).toBeTruthy();
    const speed = within(section).getByRole('combobox', { name: 'Speed' }) as HTMLSelectElement;
    expect(speed.value).toBe('1');
    expect([...speed.options].map((option) => option.textContent)).toEqual(['1×', '2×', '5×']);
    // Nothing runs: no stop button, an empty status line.
    expect(within(section).queryByRole('button', { name: 'Stop scenario' })).toBeNull();
    expect(within(section).getByRole('status').textContent).toBe('');
    expect(calls.filter((call) => call.path === '/api/faults/scenarios')).toHaveLength(1);
  });

  it('runs a scenario at the chosen speed', async () => {
    const user = userEvent.setup();
    renderLive();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await user.click(await within(section).findByRole('button', { name: 'Run scenario catalog-outage' }));
    await within(section).findByText('Started catalog-outage at 1×');
    await user.selectOptions(within(section).getByRole('combobox', { name: 'Speed' }), '5');
    await user.click(within(section).getByRole('button', { name: 'Run scenario catalog-outage' }));
    await within(section).findByText('Started catalog-outage at 5×');
    expect(calls.filter((call) => call.method === 'POST')).toEqual([
      { method: 'POST', path: '/api/faults/scenarios/catalog-outage/run', body: { speed: 1 } },
      { method: 'POST', path: '/api/faults/scenarios/catalog-outage/run', body: { speed: 5 } },
    ]);
  });

  it('shows the coded error when a run is refused', async () => {
    const user = userEvent.setup();
    renderLive();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await user.click(await within(section).findByRole('button', { name: 'Run scenario slow-cart' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(
      'No scenario slow-cart (UNKNOWN_SCENARIO)',
    );
  });

  it('shows the running scenario from the snapshot: steps and time left, then nothing once it ends', async () => {
    const streams = renderLive(running());
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await within(section).findByRole('heading', { level: 3, name: 'catalog-outage' });
    const status = within(section).getByRole('status');
    expect(status.textContent).toMatch(/^Running catalog-outage: step 1 of 2, (25|24|23) s left$/);
    expect(within(section).getByRole('button', { name: 'Stop scenario' })).toBeTruthy();

    streams.latest().emit('snapshot', running({ stepsDone: 2, endsAt: '2025-05-01T12:01:10.000Z' }));
    expect(status.textContent).toMatch(/^Running catalog-outage: step 2 of 2, 1 min (10|09|08) s left$/);

    streams.latest().emit('snapshot', snapshotOf());
    expect(status.textContent).toBe('');
    expect(within(section).queryByRole('button', { name: 'Stop scenario' })).toBeNull();
  });

  it('stops the running scenario with DELETE /api/faults/scenarios/current', async () => {
    const user = userEvent.setup();
    renderLive(running());
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await within(section).findByRole('heading', { level: 3, name: 'catalog-outage' });
    await user.click(within(section).getByRole('button', { name: 'Stop scenario' }));
    await within(section).findByText('Stopped catalog-outage');
    expect(calls.filter((call) => call.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: '/api/faults/scenarios/current', body: null },
    ]);
  });

  it('says so when the scenarios cannot be listed, and lists them on Retry', async () => {
    server.use(
      http.get(
        '*/api/faults/scenarios',
        () =>
          HttpResponse.json(
            { error: { code: 'FAULT_PROXY_UNAVAILABLE', message: 'The fault proxy does not answer' } },
            { status: 502 },
          ),
        { once: true },
      ),
    );
    const user = userEvent.setup();
    renderLive();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    expect(
      await within(section).findByText(
        'Scenarios cannot be listed: The fault proxy does not answer (FAULT_PROXY_UNAVAILABLE)',
      ),
    ).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Retry listing the scenarios' }));
    expect(await within(section).findByRole('heading', { level: 3, name: 'catalog-outage' })).toBeTruthy();
    expect(within(section).queryByText(/cannot be listed/)).toBeNull();
  });

  it('is hidden, and asks nothing, when fault injection is off', () => {
    renderLive(snapshotOf({ faults: { available: false, targets: [] } }));
    expect(screen.queryByRole('region', { name: 'Scenarios' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Scenarios' })).toBeNull();
    expect(
      screen.getByText('Fault injection is off (demo mode disabled or fault proxy not running)'),
    ).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});

describe('resilience console: checkout mode', () => {
  it('offers the switch while fault injection is on, and disables it, saying why, when it is off', async () => {
    const streams = renderLive();
    const group = screen.getByRole('group', { name: 'Checkout mode' });
    const orchestrated = within(group).getByRole('radio', { name: 'Orchestrated' }) as HTMLInputElement;
    await waitFor(() => expect(orchestrated.checked).toBe(true));
    expect(orchestrated.disabled).toBe(false);

    streams.latest().emit('snapshot', snapshotOf({ faults: { available: false, targets: [] } }));
    await waitFor(() => expect(orchestrated.disabled).toBe(true));
    expect(within(group).getByRole('radio', { name: 'Choreographed' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/^Switching needs demo mode/)).toBeTruthy();
  });
});
