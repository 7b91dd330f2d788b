import type { CheckoutMode, OpsEventsAnswer, Scenario } from '@storefront/contract/browser';
import { render } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type EventSourceFactory, OpsStreamConfigProvider } from '../api/event-source-context';
import { OpsPage } from '../components/ops-page';
import { fakeEventSources, snapshotOf } from './fake-event-source';
import { FakeSupervisor } from './fake-supervisor';
import { FakeTraceStore } from './fake-trace-store';
import { FAULT_TYPES_ANSWER } from './fault-types';

/** The events view with nothing published and every feed available. */
export const EMPTY_EVENTS: OpsEventsAnswer = {
  events: [],
  services: [
    { service: 'catalog', available: true, next: 0 },
    { service: 'cart', available: true, next: 0 },
    { service: 'account', available: true, next: 0 },
  ],
  consumers: [],
  consumerServices: [
    { service: 'catalog', available: true },
    { service: 'cart', available: true },
    { service: 'account', available: true },
  ],
  meta: { requestId: 'test' },
};

/** One call the fake fault API received. */
export interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

export const SCENARIOS: Scenario[] = [
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

/**
 * A fake fault API (msw) for the console's tests, started for the calling test file: every call is recorded in
 * `calls` (emptied after each test), but the processes panel's polls, which `supervisor` answers and counts, and
 * the reads of the checkout mode (`checkout.mode`, switched by the PUT); `server.use()` overrides an answer for
 * one test.
 */
export function fakeFaultApi() {
  const calls: Recorded[] = [];
  const supervisor = new FakeSupervisor();
  // The "Recent requests" panel polls on every page render: the traces of ./fake-trace-store.ts.
  const traces = new FakeTraceStore();
  const checkout: { mode: CheckoutMode } = { mode: 'orchestrated' };
  const server = setupServer(
    ...supervisor.handlers((path) => calls.push({ method: 'POST', path, body: null })),
    ...traces.handlers(),
    // The cards' charts ask for the history once per page render: none unless a test says otherwise.
    http.get('*/api/ops/history', () =>
      HttpResponse.json({
        replica: 'bff-1',
        periodMs: 5000,
        spanMs: 600_000,
        upstreams: [],
        meta: { requestId: 'test' },
      }),
    ),
    // The events panel polls on every page render: no event unless a test says otherwise.
    http.get('*/api/ops/events', () => HttpResponse.json(EMPTY_EVENTS)),
    http.get('*/api/ops/checkout-mode', () =>
      HttpResponse.json({ mode: checkout.mode, meta: { requestId: 'test' } }),
    ),
    // Before `/api/faults/:target`, which would match it too.
    http.put('*/api/faults/checkout-mode', async ({ request }) => {
      const body = (await request.json()) as { mode: CheckoutMode };
      calls.push({ method: 'PUT', path: '/api/faults/checkout-mode', body });
      checkout.mode = body.mode;
      return HttpResponse.json({ mode: body.mode, meta: { requestId: 'test' } });
    }),
    http.get('*/api/faults/types', () => {
      calls.push({ method: 'GET', path: '/api/faults/types', body: null });
      return HttpResponse.json(FAULT_TYPES_ANSWER);
    }),

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
          { error: { code: 'INVALID_REQUEST', message: 'percent must be between 1 and 100' } },
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
    supervisor.reset();
    traces.reset();
    checkout.mode = 'orchestrated';
  });
  afterAll(() => server.close());
  return { server, calls, supervisor, checkout, traces };
}

/** Renders the console with a stream factory (null: a browser without EventSource). */
export function renderOps(factory: EventSourceFactory | null) {
  return render(
    <OpsStreamConfigProvider config={{ createEventSource: factory, reopenAfterMs: 5 }}>
      <OpsPage />
    </OpsStreamConfigProvider>,
  );
}

/** Renders the console with its stream open and one snapshot received. */
export function renderLive(snapshot = snapshotOf()) {
  const streams = fakeEventSources();
  renderOps(streams.factory);
  streams.latest().open();
  streams.latest().emit('snapshot', snapshot);
  return streams;
}
