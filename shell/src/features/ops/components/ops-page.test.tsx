import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EventSourceFactory, OpsStreamConfigProvider } from '../api/event-source-context';
import type { Scenario } from '../api/ops-types';
import { fakeEventSources, snapshotOf, upstreamOf } from '../test/fake-event-source';
import { OpsPage } from './ops-page';

interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

const calls: Recorded[] = [];

const SCENARIOS: Scenario[] = [
  {
    name: 'catalog-outage',
    description: 'The catalog service goes down for a minute',
    durationMs: 90_000,
    steps: [
      { atMs: 0, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
      { atMs: 60_000, action: 'clear', target: 'catalog' },
    ],
  },
  {
    name: 'slow-cart',
    description: 'The cart service slows down',
    durationMs: 30_000,
    steps: [{ atMs: 0, action: 'inject', target: 'cart', type: 'latency', options: { ms: 1500 } }],
  },
];

const server = setupServer(
  http.get('*/api/faults/scenarios', () => {
    calls.push({ method: 'GET', path: '/api/faults/scenarios', body: null });
    return HttpResponse.json({ scenarios: SCENARIOS });
  }),
  http.post('*/api/faults/scenarios/:name/run', async ({ request, params }) => {
    const body = await request.json();
    calls.push({ method: 'POST', path: `/api/faults/scenarios/${params.name}/run`, body });
    if (params.name === 'slow-cart') {
      return HttpResponse.json(
        { error: { code: 'UNKNOWN_SCENARIO', message: 'No scenario slow-cart' } },
        { status: 404 },
      );
    }
    return HttpResponse.json(
      {
        run: {
          name: params.name,
          startedAt: '2025-05-01T12:00:00.000Z',
          endsAt: '2025-05-01T12:01:30.000Z',
          speed: (body as { speed: number }).speed,
        },
      },
      { status: 202 },
    );
  }),
  http.delete('*/api/faults/scenarios/current', () => {
    calls.push({ method: 'DELETE', path: '/api/faults/scenarios/current', body: null });
    return HttpResponse.json({ scenario: null });
  }),
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
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([
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
    expect(calls.filter((call) => call.method !== 'GET').map((call) => [call.path, call.body])).toEqual([
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
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      type: 'errors',
      options: { percent: 50 },
      durationMs: 60000,
    });
  });

  it('clears one target and then every target', async () => {
    const user = userEvent.setup();
    live();
    await user.click(screen.getByRole('button', { name: 'Clear fault on catalog' }));
    await screen.findByText('Cleared the fault on catalog');
    await user.click(screen.getByRole('button', { name: 'Clear all faults' }));
    await screen.findByText('Cleared every fault');
    expect(
      calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.path}`),
    ).toEqual(['DELETE /api/faults/catalog', 'DELETE /api/faults']);
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

describe('resilience console: scenarios', () => {
  function live(snapshot = snapshotOf()) {
    const streams = fakeEventSources();
    renderOps(streams.factory);
    streams.latest().open();
    streams.latest().emit('snapshot', snapshot);
    return streams;
  }

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
    live();
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
    live();
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
    live();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await user.click(await within(section).findByRole('button', { name: 'Run scenario slow-cart' }));
    expect((await within(section).findByRole('alert')).textContent).toBe(
      'No scenario slow-cart (UNKNOWN_SCENARIO)',
    );
  });

  it('shows the running scenario from the snapshot: steps and time left, then nothing once it ends', async () => {
    const streams = live(running());
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
    live(running());
    const section = screen.getByRole('region', { name: 'Scenarios' });
    await within(section).findByRole('heading', { level: 3, name: 'catalog-outage' });
    await user.click(within(section).getByRole('button', { name: 'Stop scenario' }));
    await within(section).findByText('Stopped catalog-outage');
    expect(calls.filter((call) => call.method === 'DELETE')).toEqual([
      { method: 'DELETE', path: '/api/faults/scenarios/current', body: null },
    ]);
  });

  it('says so when the scenarios cannot be listed', async () => {
    server.use(
      http.get('*/api/faults/scenarios', () =>
        HttpResponse.json(
          { error: { code: 'FAULT_PROXY_UNAVAILABLE', message: 'The fault proxy does not answer' } },
          { status: 502 },
        ),
      ),
    );
    live();
    const section = screen.getByRole('region', { name: 'Scenarios' });
    expect(
      await within(section).findByText(
        'Scenarios cannot be listed: The fault proxy does not answer (FAULT_PROXY_UNAVAILABLE)',
      ),
    ).toBeTruthy();
  });

  it('is hidden, and asks nothing, when fault injection is off', () => {
    live(snapshotOf({ faults: { available: false, targets: [] } }));
    expect(screen.queryByRole('region', { name: 'Scenarios' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Scenarios' })).toBeNull();
    expect(
      screen.getByText('Fault injection is off (demo mode disabled or fault proxy not running)'),
    ).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});
