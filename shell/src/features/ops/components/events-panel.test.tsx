import { OpsEventsAnswer, problemsOf } from '@storefront/contract';
import type { OpsConsumer, OpsEvent } from '@storefront/contract/browser';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { EMPTY_EVENTS, fakeFaultApi } from '../test/fault-api';
import { lagText } from './consumers-table';
import { consumptionTexts, formatGap } from './event-chain';
import { EventsPanel } from './events-panel';

const { server } = fakeFaultApi();

const CHECKOUT = '6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41';
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + ms).toISOString();

function eventOf(service: OpsEvent['service'], type: string, correlationId: string, ms: number): OpsEvent {
  const id = `${service}-${type}-${ms}`;
  return {
    id,
    service,
    type,
    version: 1,
    occurredAt: at(ms),
    correlationId,
    causationId: null,
    position: 1,
    consumedBy: [],
  };
}

const reserved = eventOf('catalog', 'StockReserved', CHECKOUT, 0);
const placed = { ...eventOf('cart', 'OrderPlaced', CHECKOUT, 600), position: 1 };
const committed = {
  ...eventOf('catalog', 'StockCommitted', CHECKOUT, 2400),
  causationId: reserved.id,
  position: 2,
};
const registered = eventOf('account', 'UserRegistered', '42', 3000);
const ALL = [reserved, placed, committed, registered];

const ORDERS: OpsConsumer = {
  service: 'catalog',
  consumer: 'catalog.orders',
  source: 'cart',
  transport: 'feed',
  running: true,
  position: 7,
  head: 10,
  lag: 3,
  lagMs: 2400,
  lastContactAt: at(3000),
  transportError: null,
  handled: 7,
  failing: [
    {
      eventId: 'e-8',
      type: 'OrderConfirmed',
      correlationId: CHECKOUT,
      attempts: 4,
      lastError: 'SQLITE_BUSY: database is locked',
      nextAttemptAt: at(5000),
    },
  ],
};
const STOCK: OpsConsumer = {
  ...ORDERS,
  service: 'cart',
  consumer: 'cart.stock',
  source: 'catalog',
  position: 2,
  head: null,
  lag: null,
  lagMs: null,
  transportError: 'catalog-service feed: HTTP 503',
  failing: [],
};

/** ALL with the order placed consumed by catalog.orders 300 ms after, and the two consumers. */
function serveConsumers(down: OpsEvent['service'][] = []): void {
  const consumed = {
    ...placed,
    consumedBy: [{ consumer: 'catalog.orders', service: 'catalog', at: at(900) }],
  };
  const events = ALL.map((event) => (event.id === placed.id ? consumed : event));
  server.use(
    http.get('*/api/ops/events', ({ request }) => {
      const id = new URL(request.url).searchParams.get('correlationId');
      const consumerServices = EMPTY_EVENTS.consumerServices.map((s) => ({
        ...s,
        available: !down.includes(s.service),
      }));
      return HttpResponse.json({
        ...EMPTY_EVENTS,
        events: id ? events.filter((event) => event.correlationId === id) : events,
        consumers: [ORDERS, STOCK],
        consumerServices,
      });
    }),
  );
}

/** Serves the events view from ALL, filtering by correlation id like the BFF; records each query. */
function serveEvents(down: OpsEvent['service'][] = []): URLSearchParams[] {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get('*/api/ops/events', ({ request }) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      const id = query.get('correlationId');
      const services = EMPTY_EVENTS.services.map((s) => ({ ...s, available: !down.includes(s.service) }));
      const events = id ? ALL.filter((event) => event.correlationId === id) : ALL;
      return HttpResponse.json({ ...EMPTY_EVENTS, events, services });
    }),
  );
  return queries;
}

function panel(): HTMLElement {
  return screen.getByRole('region', { name: 'Events' });
}

function rowTexts(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''));
}

describe('resilience console: events', () => {
  it('the fake answers in the contract’s shape', () => {
    expect(problemsOf(OpsEventsAnswer, { ...EMPTY_EVENTS, events: ALL })).toEqual([]);
    expect(problemsOf(OpsEventsAnswer, { ...EMPTY_EVENTS, consumers: [ORDERS, STOCK] })).toEqual([]);
  });

  it('lists the consumers: from → to, transport, position, lag, failing events and transport error', async () => {
    serveConsumers(['cart']);
    render(<EventsPanel pollMs={25} />);
    const table = await within(panel()).findByRole('table', { name: 'Event consumers' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Consumer', 'From → to', 'Transport', 'Position / head', 'Lag', 'Failing', 'Transport error']);
    const orders = within(table).getByRole('row', { name: 'catalog.orders' });
    expect([...orders.querySelectorAll('th, td')].slice(0, 5).map((cell) => cell.textContent)).toEqual([
      'catalog.orders',
      'cart → catalog',
      'feed',
      '7 / 10',
      '3 events · 2.4 s',
    ]);
    const failing = within(orders).getByRole('list', { name: 'Failing events of catalog.orders' });
    expect(within(failing).getByRole('listitem').textContent).toBe(
      'OrderConfirmed (4 attempts): SQLITE_BUSY: database is locked',
    );
    const stock = within(table).getByRole('row', { name: 'cart.stock' });
    expect([...stock.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([
      'catalog → cart',
      'feed',
      '2 / ?',
      'unknown',
      '0',
      'catalog-service feed: HTTP 503',
    ]);
    expect(
      within(panel()).getByText('Consumer status unavailable from cart (its consumers as last seen).'),
    ).toBeTruthy();
  });

  it('shows in a flow’s chain who consumed each step and how long after it was published', async () => {
    serveConsumers();
    const user = userEvent.setup();
    render(<EventsPanel pollMs={25} />);
    await user.type(within(panel()).getByLabelText('Correlation id'), CHECKOUT);
    await user.click(within(panel()).getByRole('button', { name: 'Show chain' }));
    const chain = await within(panel()).findByRole('table', { name: `Chain of ${CHECKOUT}, in order` });
    expect(within(chain).getAllByRole('columnheader').at(-1)?.textContent).toBe('Consumed by');
    expect(rowTexts(chain).map((cells) => [cells[3], cells.at(-1)])).toEqual([
      ['StockReserved', '–'],
      ['OrderPlaced', 'catalog.orders after 0.3 s'],
      ['StockCommitted', '–'],
    ]);
    const consumers = within(chain).getByRole('list', { name: 'Consumers of OrderPlaced' });
    expect(within(consumers).getByRole('listitem').textContent).toBe('catalog.orders after 0.3 s');
  });

  it('lists the recent events newest first: time, service, event and correlation id', async () => {
    serveEvents();
    render(<EventsPanel pollMs={25} />);
    const table = await within(panel()).findByRole('table', { name: 'Recent events, newest first' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual(['Time', 'Service', 'Event', 'Correlation id']);
    expect(rowTexts(table).map((cells) => cells.slice(1))).toEqual([
      ['account', 'UserRegistered', '42'],
      ['catalog', 'StockCommitted', CHECKOUT],
      ['cart', 'OrderPlaced', CHECKOUT],
      ['catalog', 'StockReserved', CHECKOUT],
    ]);
  });

  it('shows a flow’s chain in order when its correlation id is clicked, and all events again after', async () => {
    const queries = serveEvents();
    const user = userEvent.setup();
    render(<EventsPanel pollMs={25} />);
    const [first] = await within(panel()).findAllByRole('button', { name: `Show the chain of ${CHECKOUT}` });
    if (!first) throw new Error('no correlation id to click');
    await user.click(first);

    const chain = await within(panel()).findByRole('table', { name: `Chain of ${CHECKOUT}, in order` });
    expect(
      rowTexts(chain).map(([step, , service, type, cause, gap]) => [step, service, type, cause, gap]),
    ).toEqual([
      ['1', 'catalog', 'StockReserved', 'a request', '–'],
      ['2', 'cart', 'OrderPlaced', 'a request', '600 ms'],
      ['3', 'catalog', 'StockCommitted', 'StockReserved', '1.8 s'],
    ]);
    expect(queries.at(-1)?.get('correlationId')).toBe(CHECKOUT);
    expect((screen.getByLabelText('Correlation id') as HTMLInputElement).value).toBe(CHECKOUT);

    await user.click(within(panel()).getByRole('button', { name: 'Show all events' }));
    await within(panel()).findByRole('table', { name: 'Recent events, newest first' });
  });

  it('filters by a correlation id typed in the labelled field', async () => {
    serveEvents();
    const user = userEvent.setup();
    render(<EventsPanel pollMs={25} />);
    await user.type(within(panel()).getByLabelText('Correlation id'), '42');
    await user.click(within(panel()).getByRole('button', { name: 'Show chain' }));
    const chain = await within(panel()).findByRole('table', { name: 'Chain of 42, in order' });
    expect(rowTexts(chain).map((cells) => cells[3])).toEqual(['UserRegistered']);
  });

  it('shows a service whose feed does not answer as unavailable', async () => {
    serveEvents(['cart']);
    render(<EventsPanel pollMs={25} />);
    const feeds = await within(panel()).findByRole('list', { name: 'Event feeds' });
    expect(
      within(feeds)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['catalog: available', 'cart: unavailable', 'account: available']);
  });

  it('says why the events cannot be loaded and keeps polling', async () => {
    let calls = 0;
    server.use(
      http.get('*/api/ops/events', () => {
        calls += 1;
        return HttpResponse.json({ error: { code: 'BOOM', message: 'no' } }, { status: 500 });
      }),
    );
    render(<EventsPanel pollMs={5} />);
    expect(await within(panel()).findByText(/Cannot refresh the events/)).toBeTruthy();
    await waitFor(() => expect(calls).toBeGreaterThan(1));
  });

  it('formats the time between steps, a consumer’s lag and how long after an event was consumed', () => {
    expect([formatGap(12), formatGap(1500), formatGap(-1)]).toEqual(['12 ms', '1.5 s', '–']);
    expect([lagText({ lag: 0, lagMs: 0 }), lagText({ lag: 1, lagMs: null })]).toEqual([
      'caught up',
      '1 event',
    ]);
    expect(consumptionTexts({ occurredAt: at(0), consumedBy: [] })).toEqual([]);
    expect(
      consumptionTexts({
        occurredAt: at(0),
        consumedBy: [
          { consumer: 'a', service: 'cart', at: at(40) },
          { consumer: 'b', service: 'cart', at: at(75_000) },
        ],
      }),
    ).toEqual(['a after 40 ms', 'b after 1 min 15 s']);
  });
});
