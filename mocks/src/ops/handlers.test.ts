import type {
  CheckoutModeAnswer,
  OpsEventsAnswer,
  OpsSnapshot,
  ProcessesAnswer,
  ProcessKillAnswer,
  ResilienceAnswer,
} from '@storefront/contract';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHOREOGRAPHED_CHECKOUT_ID, SEED_CHECKOUT_ID } from './event-fixtures';
import { createOpsHandlers } from './handlers';

const BASE = 'http://bff.test';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function json<T>(path: string, method = 'GET'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${BASE}${path}`, { method });
  return { status: response.status, body: (await response.json()) as T };
}

describe('ops handlers: breakers per replica', () => {
  it('answer every replica by default and only the answering one with scope=local', async () => {
    server.use(...createOpsHandlers('degraded'));
    const all = await json<ResilienceAnswer>('/api/resilience');
    expect(all.body.replica).toBe('bff-1');
    expect(all.body.replicas.map(({ replica, available }) => [replica, available])).toEqual([
      ['bff-1', true],
      ['bff-2', true],
    ]);
    expect(all.body.upstreams.map((upstream) => upstream.state)).toEqual(['open', 'open', 'open']);
    expect(all.body.replicas[1]?.upstreams.map((upstream) => upstream.state)).toEqual([
      'half-open',
      'half-open',
      'half-open',
    ]);
    const local = await json<ResilienceAnswer>('/api/resilience?scope=local');
    expect(local.body.replicas.map((replica) => replica.replica)).toEqual(['bff-1']);
  });

  it('show a peer that does not answer as unavailable, with no upstreams (scenario unavailable)', async () => {
    server.use(...createOpsHandlers('unavailable'));
    const { body } = await json<ResilienceAnswer>('/api/resilience');
    expect(body.replicas[1]).toEqual({ replica: 'bff-2', available: false, upstreams: [] });
  });

  it('stream one snapshot naming its replica, then end (EventSource reconnects after retry)', async () => {
    server.use(...createOpsHandlers('normal'));
    const response = await fetch(`${BASE}/api/ops/stream`);
    expect(response.headers.get('Content-Type')).toBe('text/event-stream');
    const text = await response.text();
    expect(text.startsWith('retry: 2000\n\nevent: snapshot\ndata: ')).toBe(true);
    const snapshot = JSON.parse(text.split('data: ')[1] ?? '') as OpsSnapshot;
    expect(snapshot.replica).toBe('bff-1');
    expect(snapshot.replicas.map((replica) => replica.replica)).toEqual(['bff-1', 'bff-2']);
    expect(snapshot.upstreams.map((upstream) => upstream.name)).toEqual(['catalog', 'cart', 'account']);
    expect(snapshot.notifications?.active).toEqual([]);
    expect(snapshot.notifications?.cleared).toMatchObject([
      { condition: 'breaker-open', upstream: 'catalog' },
    ]);
  });

  it('stream a "breaker open" notification for each open breaker (scenario degraded)', async () => {
    server.use(...createOpsHandlers('degraded'));
    const text = await (await fetch(`${BASE}/api/ops/stream`)).text();
    const snapshot = JSON.parse(text.split('data: ')[1] ?? '') as OpsSnapshot;
    expect(
      snapshot.notifications?.active.map((n) => [n.condition, n.upstream, n.replica, n.clearedAt]),
    ).toEqual([
      ['breaker-open', 'catalog', 'bff-1', null],
      ['breaker-open', 'cart', 'bff-1', null],
      ['breaker-open', 'account', 'bff-1', null],
    ]);
  });
});

describe('ops handlers: processes', () => {
  it('list the running processes; a kill puts one in backoff, the next read shows it restarted', async () => {
    server.use(...createOpsHandlers('normal'));
    const before = await json<ProcessesAnswer>('/api/ops/processes');
    expect(before.status).toBe(200);
    expect(before.body.processes).toHaveLength(10);
    const bff = before.body.processes.find((process) => process.name === 'bff-1');
    expect(bff).toMatchObject({ state: 'running', restarts: 0, lastExit: null });

    const killed = await json<ProcessKillAnswer>('/api/faults/processes/bff-1/kill', 'POST');
    expect(killed.status).toBe(202);
    expect(killed.body.process).toMatchObject({ name: 'bff-1', state: 'backoff', pid: null, restarts: 1 });
    expect(killed.body.process.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });

    const after = await json<ProcessesAnswer>('/api/ops/processes');
    const restarted = after.body.processes.find((process) => process.name === 'bff-1');
    expect(restarted).toMatchObject({ state: 'running', restarts: 1 });
    expect(restarted?.pid).not.toBe(bff?.pid);
  });

  it('answer 404 PROCESS_NOT_FOUND for an unknown process, 503 without a supervisor', async () => {
    server.use(...createOpsHandlers('normal'));
    const missing = await json<{ error: { code: string } }>('/api/faults/processes/nope/kill', 'POST');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'PROCESS_NOT_FOUND']);

    server.resetHandlers(...createOpsHandlers('normal', { supervisor: false }));
    const list = await fetch(`${BASE}/api/ops/processes`);
    expect(list.status).toBe(503);
    expect(list.headers.get('Retry-After')).toBe('5');
    expect(((await list.json()) as { error: { code: string } }).error.code).toBe('SUPERVISOR_UNAVAILABLE');
  });
});

describe('ops handlers: the events view', () => {
  it('answer the seeded events oldest first, one flow by correlation id, and the cart down when degraded', async () => {
    server.use(...createOpsHandlers('degraded'));
    const all = await json<OpsEventsAnswer>('/api/ops/events');
    const times = all.body.events.map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(all.body.services.map(({ service, available }) => [service, available])).toEqual([
      ['catalog', true],
      ['cart', false],
      ['account', true],
    ]);
    const chain = await json<OpsEventsAnswer>(`/api/ops/events?correlationId=${SEED_CHECKOUT_ID}`);
    expect(chain.body.events.map((event) => `${event.service} ${event.type}`)).toEqual([
      'catalog StockReserved',
      'cart OrderPlaced',
      'cart CartCheckedOut',
      'catalog StockCommitted',
    ]);
    // Each caused event names a step of the same flow: CartCheckedOut ← OrderPlaced, StockCommitted ← StockReserved.
    const [reserved, placed, checkedOut, committed] = chain.body.events;
    expect([checkedOut?.causationId, committed?.causationId]).toEqual([placed?.id, reserved?.id]);
  });
});

describe('ops handlers: consumers and the checkout mode', () => {
  it('name who consumed each step of the choreographed flow, and the consumers with their state', async () => {
    server.use(...createOpsHandlers('degraded'));
    const chain = await json<OpsEventsAnswer>(`/api/ops/events?correlationId=${CHOREOGRAPHED_CHECKOUT_ID}`);
    expect(
      chain.body.events.map((event) => [event.type, event.consumedBy.map((by) => by.consumer).join()]),
    ).toEqual([
      ['OrderPlaced', 'catalog.orders'],
      ['StockReserved', 'cart.stock'],
      ['OrderConfirmed', 'catalog.orders'],
      ['StockCommitted', ''],
    ]);
    const { consumers, consumerServices } = chain.body;
    expect(consumers.map((c) => [c.consumer, c.service, c.source, c.failing.length])).toEqual([
      ['catalog.orders', 'catalog', 'cart', 0],
      ['cart.stock', 'cart', 'catalog', 1],
    ]);
    expect(consumerServices.find((s) => s.service === 'cart')?.available).toBe(false);
  });

  it('switch the checkout mode and read it back; 503 where the scenario has the cart down', async () => {
    server.use(...createOpsHandlers('normal'));
    expect((await json<CheckoutModeAnswer>('/api/ops/checkout-mode')).body.mode).toBe('orchestrated');
    const switched = await fetch(`${BASE}/api/faults/checkout-mode`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'choreographed' }),
    });
    expect(switched.status).toBe(200);
    expect((await json<CheckoutModeAnswer>('/api/ops/checkout-mode')).body.mode).toBe('choreographed');
    server.resetHandlers(...createOpsHandlers('unavailable'));
    expect((await json<CheckoutModeAnswer>('/api/ops/checkout-mode')).status).toBe(503);
  });
});
