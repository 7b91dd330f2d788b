import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EventSourceFactory, OpsStreamConfigProvider } from '../api/event-source-context';
import { fakeEventSources, snapshotOf, upstreamOf } from '../test/fake-event-source';
import { OpsPage } from './ops-page';

interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

const calls: Recorded[] = [];

const server = setupServer(
  http.put('*/api/faults/:target', async ({ request, params }) => {
    const body = await request.json();
    calls.push({ method: 'PUT', path: `/api/faults/${params.target}`, body });
    if (params.target === 'nowhere') {
      return HttpResponse.json(
        { error: { code: 'UNKNOWN_TARGET', message: 'No target nowhere' } },
        { status: 404 },
      );
    }
    if ((body as { type?: string }).type === 'errors') {
      return HttpResponse.json(
        { error: { code: 'INVALID_FAULT', message: 'percent must be between 1 and 100' } },
        { status: 400 },
      );
    }
    return HttpResponse.json({ target: { name: params.target, fault: body } });
  }),
  http.delete('*/api/faults/:target', ({ params }) => {
    calls.push({ method: 'DELETE', path: `/api/faults/${params.target}`, body: null });
    return HttpResponse.json({ target: { name: params.target, fault: null } });
  }),
  http.delete('*/api/faults', () => {
    calls.push({ method: 'DELETE', path: '/api/faults', body: null });
    return HttpResponse.json({ targets: [] });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  calls.length = 0;
});
afterAll(() => server.close());

function renderOps(factory: EventSourceFactory | null) {
  return render(
    <OpsStreamConfigProvider config={{ createEventSource: factory, reopenAfterMs: 5 }}>
      <OpsPage />
    </OpsStreamConfigProvider>,
  );
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
    expect(screen.getByRole('status').textContent).toContain('Connecting');
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

    expect(screen.getByRole('status').textContent).toContain('Live');
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
    expect(screen.getByRole('status').textContent).toContain('Reconnecting…');
    // The last snapshot stays on screen.
    expect(screen.getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
    // EventSource reconnects by itself: no second stream.
    expect(streams.opened).toHaveLength(1);

    stream.open();
    expect(screen.getByRole('status').textContent).toContain('Live');
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
    expect(screen.getByRole('status').textContent).toContain('Reconnecting…');

    await waitFor(() => expect(streams.opened).toHaveLength(2));
    streams.latest().open();
    streams.latest().emit('snapshot', snapshotOf());
    expect(screen.getByRole('status').textContent).toContain('Live');
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
    expect(screen.getByRole('status').textContent).toContain('no EventSource');
  });
});

describe('resilience console: faults', () => {
  function live(snapshot = snapshotOf()) {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    streams.latest().open();
    streams.latest().emit('snapshot', snapshot);
    return streams;
  }

  it('lists the six targets with their active fault and the time left', () => {
    const base = snapshotOf();
    const targets = base.faults.targets.map((target) =>
      target.name === 'cart'
        ? {
            ...target,
            fault: {
              type: 'latency' as const,
              options: { ms: 800 },
              injectedAt: '2025-05-01T11:59:50.000Z',
              expiresAt: '2025-05-01T12:00:30.000Z',
            },
          }
        : target,
    );
    live({ ...base, faults: { available: true, targets } });
    const faults = screen.getByRole('region', { name: 'Faults' });
    expect(within(faults).getAllByRole('listitem')).toHaveLength(6);
    const cart = within(faults).getByRole('form', { name: 'cart fault' });
    expect(cart.textContent).toContain('latency: ms 800');
    expect(cart.textContent).toMatch(/(30|29|28) s left/);
    expect(within(faults).getByRole('form', { name: 'catalog fault' }).textContent).toContain('No fault');
  });

  it('injects a latency fault with its options and duration', async () => {
    const user = userEvent.setup();
    live();
    const form = screen.getByRole('form', { name: 'catalog fault' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'latency');
    const ms = within(form).getByRole('spinbutton', { name: 'Latency (ms)' });
    await user.clear(ms);
    await user.type(ms, '750');
    const duration = within(form).getByRole('spinbutton', { name: 'For (s)' });
    await user.clear(duration);
    await user.type(duration, '30');
    await user.click(screen.getByRole('button', { name: 'Inject fault into catalog' }));

    expect(await screen.findByText('Injected latency into catalog')).toBeTruthy();
    expect(calls).toEqual([
      {
        method: 'PUT',
        path: '/api/faults/catalog',
        body: { type: 'latency', options: { ms: 750 }, durationMs: 30000 },
      },
    ]);
  });

  it('injects flapping and down faults with the right bodies', async () => {
    const user = userEvent.setup();
    live();
    const form = screen.getByRole('form', { name: 'remote-cart fault' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'flapping');
    expect(within(form).getByRole('spinbutton', { name: 'Up (ms)' })).toBeTruthy();
    await user.clear(within(form).getByRole('spinbutton', { name: 'For (s)' }));
    await user.click(screen.getByRole('button', { name: 'Inject fault into remote-cart' }));
    await screen.findByText('Injected flapping into remote-cart');

    await user.click(screen.getByRole('button', { name: 'Inject fault into account' }));
    await screen.findByText('Injected down into account');
    expect(calls.map((call) => [call.path, call.body])).toEqual([
      ['/api/faults/remote-cart', { type: 'flapping', options: { upMs: 5000, downMs: 5000 } }],
      ['/api/faults/account', { type: 'down', durationMs: 60000 }],
    ]);
  });

  it('shows the coded error message when the fault API refuses', async () => {
    const user = userEvent.setup();
    live();
    const form = screen.getByRole('form', { name: 'cart fault' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Type' }), 'errors');
    await user.click(screen.getByRole('button', { name: 'Inject fault into cart' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('cart: percent must be between 1 and 100 (INVALID_FAULT)');
    expect(calls[0]?.body).toEqual({ type: 'errors', options: { percent: 50 }, durationMs: 60000 });
  });

  it('clears one target and then every target', async () => {
    const user = userEvent.setup();
    live();
    await user.click(screen.getByRole('button', { name: 'Clear fault on catalog' }));
    await screen.findByText('Cleared the fault on catalog');
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    await screen.findByText('Cleared every fault');
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'DELETE /api/faults/catalog',
      'DELETE /api/faults',
    ]);
  });

  it('shows the BFF being away as a coded error', async () => {
    server.use(
      http.delete('*/api/faults', () =>
        HttpResponse.json(
          { error: { code: 'BFF_UNAVAILABLE', message: 'The API (BFF) is unavailable' } },
          { status: 502 },
        ),
      ),
    );
    const user = userEvent.setup();
    live();
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The API (BFF) is unavailable (BFF_UNAVAILABLE)',
    );
  });

  it('shows a note and no buttons when fault injection is off', () => {
    live(snapshotOf({ faults: { available: false, targets: [] } }));
    const faults = screen.getByRole('region', { name: 'Faults' });
    expect(
      within(faults).getByText('Fault injection is off (demo mode disabled or fault proxy not running)'),
    ).toBeTruthy();
    expect(within(faults).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    // The breakers are still shown.
    expect(screen.getByRole('region', { name: 'catalog breaker' })).toBeTruthy();
  });
});
