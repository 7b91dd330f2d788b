import type { CheckoutAnswer, OrderAnswer } from '@storefront/contract/browser';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCartHandlers } from './handlers';
import { createCartState } from './state';

const BASE = 'http://bff.test/api';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const checkout = (key: string) =>
  fetch(`${BASE}/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: '{}',
  });

describe('choreographed checkout in the mocks', () => {
  it('answers 202 with a pending order that settles, as configured, when read after the delay', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const state = createCartState({ choreography: { outcome: 'rejected', settleAfterMs: 2000 } });
    server.use(...createCartHandlers('normal', { state }));

    const placed = await checkout('k-1');
    expect(placed.status).toBe(202);
    const { order } = (await placed.json()) as CheckoutAnswer;
    expect(order).toMatchObject({ id: 1003, status: 'pending', rejection: null });
    expect(state.cart().lines).toEqual([]);

    vi.advanceTimersByTime(1999);
    const early = (await (await fetch(`${BASE}/orders/1003`)).json()) as OrderAnswer;
    expect(early.order.status).toBe('pending');
    vi.advanceTimersByTime(1);
    const late = (await (await fetch(`${BASE}/orders/1003`)).json()) as OrderAnswer;
    expect(late.order).toMatchObject({
      status: 'rejected',
      rejection: { code: 'INSUFFICIENT_STOCK', message: expect.stringContaining('Cast Iron Skillet') },
    });
    expect(late.order.updatedAt).toBe(new Date().toISOString());
  });

  it('waits for settle() with settleAfterMs Infinity, and returns to the orchestrated checkout on reset', async () => {
    const state = createCartState({});
    state.setChoreography({ settleAfterMs: Number.POSITIVE_INFINITY });
    server.use(...createCartHandlers('normal', { state }));
    expect((await checkout('k-1')).status).toBe(202);
    expect(state.orders()?.[0]?.status).toBe('pending');
    expect(state.settle(1003, 'confirmed')).toMatchObject({ status: 'confirmed', rejection: null });
    expect(state.settle(1003, 'rejected')).toBeNull();
    expect(state.orders()?.[0]?.status).toBe('confirmed');

    state.reset();
    const placed = await checkout('k-2');
    expect(placed.status).toBe(201);
    expect(((await placed.json()) as CheckoutAnswer).order.status).toBe('placed');
  });
});
