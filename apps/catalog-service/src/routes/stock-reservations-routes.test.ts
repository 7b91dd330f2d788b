import { json } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCatalog } from '../testing/catalog-app.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; lines?: unknown };
}

interface ReservationBody {
  reservation: { id: string; lines: Array<{ productId: number; quantity: number }>; createdAt: string };
}

let app: FastifyInstance;
let close: () => Promise<void>;
let counter = 0;

beforeAll(async () => {
  ({ app, close } = await startCatalog());
});

afterAll(async () => {
  await close();
});

// Known stock before every test, independent of the seed's values.
beforeEach(() => {
  const setStock = app.db.sqlite.prepare<[number, number]>('UPDATE products SET stock = ? WHERE id = ?');
  setStock.run(10, 1);
  setStock.run(5, 2);
  setStock.run(0, 3);
});

/** A fresh, valid reservation id per call. */
function newId(): string {
  counter += 1;
  return `checkout-${counter}-${Date.now()}`;
}

function stockOf(productId: number): number {
  const stock = app.db.sqlite
    .prepare<[number], number>('SELECT stock FROM products WHERE id = ?')
    .pluck()
    .get(productId);
  if (stock === undefined) throw new Error(`no product ${productId}`);
  return stock;
}

function reserve(payload: unknown) {
  return app.inject({
    method: 'POST',
    url: '/stock/reservations',
    payload: payload as Record<string, unknown>,
  });
}

function release(id: string) {
  return app.inject({ method: 'DELETE', url: `/stock/reservations/${id}` });
}

describe('POST /stock/reservations', () => {
  it('decrements the stock of every line and answers 201 with the reservation', async () => {
    const id = newId();
    const lines = [
      { productId: 1, quantity: 3 },
      { productId: 2, quantity: 5 },
    ];
    const response = await reserve({ reservationId: id, lines });
    expect(response.statusCode, response.body).toBe(201);
    const { reservation } = json<ReservationBody>(response);
    expect(reservation).toEqual({ id, lines, createdAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(reservation.createdAt))).toBe(false);
    expect([stockOf(1), stockOf(2)]).toEqual([7, 0]);

    const product = await app.inject({ method: 'GET', url: '/products/1' });
    expect(json<{ product: { stock: number } }>(product).product.stock).toBe(7);
  });

  it('is all-or-nothing: one short line → 409 INSUFFICIENT_STOCK with the lines concerned, nothing changed', async () => {
    const id = newId();
    const response = await reserve({
      reservationId: id,
      lines: [
        { productId: 1, quantity: 2 },
        { productId: 2, quantity: 6 },
        { productId: 3, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(409);
    const { error } = json<ErrorBody>(response);
    expect(error.code).toBe('INSUFFICIENT_STOCK');
    expect(error.lines).toEqual([
      { productId: 2, requested: 6, available: 5 },
      { productId: 3, requested: 1, available: 0 },
    ]);
    expect([stockOf(1), stockOf(2), stockOf(3)]).toEqual([10, 5, 0]);

    // The failed id was not stored: the same id with lines that fit now succeeds.
    const retry = await reserve({ reservationId: id, lines: [{ productId: 1, quantity: 2 }] });
    expect(retry.statusCode).toBe(201);
    expect(stockOf(1)).toBe(8);
  });

  it('treats an unknown product as 409 INSUFFICIENT_STOCK with available 0', async () => {
    const response = await reserve({
      reservationId: newId(),
      lines: [
        { productId: 1, quantity: 1 },
        { productId: 999999, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      lines: [{ productId: 999999, requested: 1, available: 0 }],
    });
    expect(stockOf(1)).toBe(10);
  });

  it('replays the same id with 200 and the same reservation, without a second decrement', async () => {
    const id = newId();
    const body = { reservationId: id, lines: [{ productId: 1, quantity: 4 }] };
    const first = await reserve(body);
    expect(first.statusCode).toBe(201);
    const second = await reserve(body);
    expect(second.statusCode).toBe(200);
    expect(json(second)).toEqual(json(first));
    // Even a replay with other lines returns the stored reservation and changes nothing.
    const different = await reserve({ reservationId: id, lines: [{ productId: 2, quantity: 1 }] });
    expect(different.statusCode).toBe(200);
    expect(json(different)).toEqual(json(first));
    expect([stockOf(1), stockOf(2)]).toEqual([6, 5]);
  });

  it('allows taking the last unit and then refuses the next one', async () => {
    expect(
      (await reserve({ reservationId: newId(), lines: [{ productId: 2, quantity: 5 }] })).statusCode,
    ).toBe(201);
    const next = await reserve({ reservationId: newId(), lines: [{ productId: 2, quantity: 1 }] });
    expect(next.statusCode).toBe(409);
    expect(stockOf(2)).toBe(0);
  });

  const line = { productId: 1, quantity: 1 };
  it.each([
    ['missing reservationId', { lines: [line] }, 'reservationId'],
    ['short reservationId', { reservationId: 'short', lines: [line] }, 'reservationId'],
    ['long reservationId', { reservationId: 'x'.repeat(65), lines: [line] }, 'reservationId'],
    ['reservationId with bad characters', { reservationId: 'checkout/../1', lines: [line] }, 'reservationId'],
    ['missing lines', { reservationId: 'checkout-valid' }, 'lines'],
    ['no lines', { reservationId: 'checkout-valid', lines: [] }, 'lines'],
    [
      'more than 50 lines',
      {
        reservationId: 'checkout-valid',
        lines: Array.from({ length: 51 }, (_, i) => ({ productId: i + 1, quantity: 1 })),
      },
      'lines',
    ],
    [
      'quantity 0',
      { reservationId: 'checkout-valid', lines: [{ productId: 1, quantity: 0 }] },
      'lines.0.quantity',
    ],
    [
      'quantity 100',
      { reservationId: 'checkout-valid', lines: [{ productId: 1, quantity: 100 }] },
      'lines.0.quantity',
    ],
    [
      'fractional quantity',
      { reservationId: 'checkout-valid', lines: [{ productId: 1, quantity: 1.5 }] },
      'lines.0.quantity',
    ],
    [
      'productId 0',
      { reservationId: 'checkout-valid', lines: [{ productId: 0, quantity: 1 }] },
      'lines.0.productId',
    ],
    ['missing quantity', { reservationId: 'checkout-valid', lines: [{ productId: 1 }] }, 'lines.0.quantity'],
    [
      'unknown line field',
      { reservationId: 'checkout-valid', lines: [{ ...line, price: 1 }] },
      'lines.0.price',
    ],
    ['unknown field', { reservationId: 'checkout-valid', lines: [line], force: true }, 'force'],
    [
      'product listed twice',
      {
        reservationId: 'checkout-valid',
        lines: [line, { productId: 2, quantity: 1 }, { productId: 1, quantity: 2 }],
      },
      'lines.2.productId',
    ],
  ])(
    'answers 400 INVALID_BODY for a %s, naming the field, and changes nothing',
    async (_label, payload, field) => {
      const response = await reserve(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_BODY', field });
      expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);
    },
  );

  it('answers a body that is not JSON with a coded 400', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/stock/reservations',
      headers: { 'content-type': 'application/json' },
      payload: '{"reservationId":',
    });
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toEqual(expect.any(String));
  });
});

describe('DELETE /stock/reservations/:id', () => {
  it('returns the stock once: a second delete does not restock again', async () => {
    const id = newId();
    await reserve({
      reservationId: id,
      lines: [
        { productId: 1, quantity: 3 },
        { productId: 2, quantity: 2 },
      ],
    });
    expect([stockOf(1), stockOf(2)]).toEqual([7, 3]);

    const first = await release(id);
    expect(first.statusCode).toBe(204);
    expect(first.body).toBe('');
    expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);

    const second = await release(id);
    expect(second.statusCode).toBe(204);
    expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);
    expect(app.reservations.find(id)?.releasedAt).toEqual(expect.any(String));
  });

  it('answers 204 for an unknown id', async () => {
    const response = await release('never-reserved-id');
    expect(response.statusCode).toBe(204);
    expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);
  });

  it('lets a released id be reserved again (live again, stock taken again)', async () => {
    const id = newId();
    const body = { reservationId: id, lines: [{ productId: 1, quantity: 2 }] };
    expect((await reserve(body)).statusCode).toBe(201);
    await release(id);
    const again = await reserve(body);
    expect(again.statusCode).toBe(201);
    expect(stockOf(1)).toBe(8);
    expect(app.reservations.find(id)?.releasedAt).toBeNull();
  });
});
