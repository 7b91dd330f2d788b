import { Writable } from 'node:stream';
import { json, signed } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClock, startCatalog } from '../testing/catalog-app.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; lines?: unknown };
}

interface Reservation {
  id: string;
  lines: Array<{ productId: number; quantity: number }>;
  units: number;
  state: string;
  createdAt: string;
  expiresAt: string;
  committedAt: string | null;
  releasedAt: string | null;
}

interface ReservationBody {
  reservation: Reservation;
}

const TTL = 120_000;
const clock = fakeClock('2030-01-01T00:00:00.000Z');
let app: FastifyInstance;
let close: () => Promise<void>;
let counter = 0;

beforeAll(async () => {
  // The sweeper stays out of these tests (they call sweepExpired themselves); its own test is below.
  ({ app, close } = await startCatalog({ clock: clock.now, reservationSweepEveryMs: 600_000 }));
});

afterAll(async () => {
  await close();
});

// Known stock before every test, independent of the seed's values; reservations of earlier tests are settled
// (without touching the stock), so that a sweep in one test never gives back another test's units.
beforeEach(() => {
  app.db.sqlite
    .prepare(
      'UPDATE stock_reservations SET released_at = ? WHERE released_at IS NULL AND committed_at IS NULL',
    )
    .run(clock.now().toISOString());
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
    ...signed({ method: 'POST', url: '/stock/reservations' }),
    payload: payload as Record<string, unknown>,
  });
}

function release(id: string) {
  return app.inject(signed({ method: 'DELETE', url: `/stock/reservations/${id}` }));
}

function commit(id: string, on: FastifyInstance = app) {
  return on.inject(signed({ method: 'POST', url: `/stock/reservations/${id}/commit` }));
}

interface CommitBody {
  reservation: Reservation;
  retaken: boolean;
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
    const now = clock.now();
    expect(reservation).toEqual({
      id,
      lines,
      units: 8,
      state: 'live',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TTL).toISOString(),
      committedAt: null,
      releasedAt: null,
    });
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
      'lines[0].quantity',
    ],
    [
      'quantity 100',
      { reservationId: 'checkout-valid', lines: [{ productId: 1, quantity: 100 }] },
      'lines[0].quantity',
    ],
    [
      'fractional quantity',
      { reservationId: 'checkout-valid', lines: [{ productId: 1, quantity: 1.5 }] },
      'lines[0].quantity',
    ],
    [
      'productId 0',
      { reservationId: 'checkout-valid', lines: [{ productId: 0, quantity: 1 }] },
      'lines[0].productId',
    ],
    ['missing quantity', { reservationId: 'checkout-valid', lines: [{ productId: 1 }] }, 'lines[0].quantity'],
    [
      'unknown line field',
      { reservationId: 'checkout-valid', lines: [{ ...line, price: 1 }] },
      'lines[0].price',
    ],
    ['unknown field', { reservationId: 'checkout-valid', lines: [line], force: true }, 'force'],
    [
      'product listed twice',
      {
        reservationId: 'checkout-valid',
        lines: [line, { productId: 2, quantity: 1 }, { productId: 1, quantity: 2 }],
      },
      'lines[2].productId',
    ],
  ])(
    'answers 400 INVALID_REQUEST for a %s, naming the field, and changes nothing',
    async (_label, payload, field) => {
      const response = await reserve(payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(json<ErrorBody>(response).error).toMatchObject({ code: 'INVALID_REQUEST', field });
      expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);
    },
  );

  it('answers a body that is not JSON with a coded 400', async () => {
    const response = await app.inject({
      ...signed({
        method: 'POST',
        url: '/stock/reservations',
        headers: { 'content-type': 'application/json' },
      }),
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

describe('DELETE /stock/reservations/:id of a committed reservation', () => {
  it('answers 409 RESERVATION_COMMITTED and keeps the stock', async () => {
    const id = newId();
    await reserve({ reservationId: id, lines: [{ productId: 1, quantity: 2 }] });
    expect((await commit(id)).statusCode).toBe(200);
    const response = await release(id);
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error).toEqual({
      code: 'RESERVATION_COMMITTED',
      message: expect.any(String),
      committedAt: clock.now().toISOString(),
    });
    expect(stockOf(1)).toBe(8);
    expect(app.reservations.find(id)?.state).toBe('committed');
  });
});

describe('POST /stock/reservations/:id/commit', () => {
  it('commits a live reservation: 200, stock kept, and idempotent', async () => {
    const id = newId();
    await reserve({ reservationId: id, lines: [{ productId: 1, quantity: 3 }] });
    clock.advance(200);
    const response = await commit(id);
    expect(response.statusCode, response.body).toBe(200);
    const body = json<CommitBody>(response);
    expect(body.retaken).toBe(false);
    expect(body.reservation).toMatchObject({
      id,
      state: 'committed',
      committedAt: clock.now().toISOString(),
      releasedAt: null,
      units: 3,
    });
    expect(stockOf(1)).toBe(7);

    clock.advance(TTL * 2);
    const again = await commit(id);
    expect(again.statusCode).toBe(200);
    expect(json<CommitBody>(again)).toEqual(body);
    // Past its expiry, the sweep leaves it alone, and a reserve with the same id returns it.
    expect(app.reservations.sweepExpired().released).toBe(0);
    const replay = await reserve({ reservationId: id, lines: [{ productId: 1, quantity: 3 }] });
    expect(replay.statusCode).toBe(200);
    expect(json<ReservationBody>(replay).reservation.state).toBe('committed');
    expect(stockOf(1)).toBe(7);
  });

  it('answers 404 RESERVATION_NOT_FOUND for an unknown id', async () => {
    const response = await commit('never-reserved-id');
    expect(response.statusCode).toBe(404);
    expect(json<ErrorBody>(response).error).toEqual({
      code: 'RESERVATION_NOT_FOUND',
      message: 'No reservation "never-reserved-id".',
    });
  });

  it('takes the stock again after the sweep returned it: 200 with retaken true', async () => {
    const id = newId();
    const lines = [
      { productId: 1, quantity: 4 },
      { productId: 2, quantity: 5 },
    ];
    await reserve({ reservationId: id, lines });
    clock.advance(TTL);
    expect(app.reservations.sweepExpired()).toEqual({ released: 1, units: 9 });
    expect([stockOf(1), stockOf(2)]).toEqual([10, 5]);

    const response = await commit(id);
    expect(response.statusCode).toBe(200);
    expect(json<CommitBody>(response)).toMatchObject({
      retaken: true,
      reservation: { id, lines, state: 'committed', releasedAt: null },
    });
    expect([stockOf(1), stockOf(2)]).toEqual([6, 0]);
  });

  it('takes the stock again after a compensating release', async () => {
    const id = newId();
    await reserve({ reservationId: id, lines: [{ productId: 2, quantity: 2 }] });
    await release(id);
    expect(stockOf(2)).toBe(5);
    const response = await commit(id);
    expect(json<CommitBody>(response).retaken).toBe(true);
    expect(stockOf(2)).toBe(3);
  });

  it('answers 409 INSUFFICIENT_STOCK when the swept stock was sold again, and changes nothing', async () => {
    const id = newId();
    await reserve({
      reservationId: id,
      lines: [
        { productId: 1, quantity: 1 },
        { productId: 2, quantity: 5 },
      ],
    });
    clock.advance(TTL);
    app.reservations.sweepExpired();
    await reserve({ reservationId: newId(), lines: [{ productId: 2, quantity: 4 }] });

    const response = await commit(id);
    expect(response.statusCode).toBe(409);
    expect(json<ErrorBody>(response).error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      lines: [{ productId: 2, requested: 5, available: 1 }],
    });
    expect([stockOf(1), stockOf(2)]).toEqual([10, 1]);
    expect(app.reservations.find(id)?.state).toBe('released');
  });
});

describe('GET /stock', () => {
  it('lists the stock of every product and the units held by unsettled reservations', async () => {
    const held = newId();
    const committed = newId();
    await reserve({
      reservationId: held,
      lines: [
        { productId: 1, quantity: 2 },
        { productId: 2, quantity: 1 },
      ],
    });
    await reserve({ reservationId: committed, lines: [{ productId: 1, quantity: 3 }] });
    await commit(committed);
    await reserve({ reservationId: newId(), lines: [{ productId: 2, quantity: 1 }] });

    const response = await app.inject({ method: 'GET', url: '/stock' });
    expect(response.statusCode).toBe(200);
    const body = json<{
      products: Array<{ productId: number; stock: number }>;
      reserved: Array<{ productId: number; units: number }>;
    }>(response);
    const productCount = app.db.sqlite.prepare<[], number>('SELECT COUNT(*) FROM products').pluck().get();
    expect(body.products).toHaveLength(productCount ?? -1);
    expect(body.products.slice(0, 3)).toEqual([
      { productId: 1, stock: 5 },
      { productId: 2, stock: 3 },
      { productId: 3, stock: 0 },
    ]);
    expect(body.reserved).toEqual([
      { productId: 1, units: 2 },
      { productId: 2, units: 2 },
    ]);

    // Expired but unswept still holds stock; once swept, it is stock again.
    clock.advance(TTL);
    const expired = json<{ reserved: unknown[] }>(await app.inject({ method: 'GET', url: '/stock' }));
    expect(expired.reserved).toEqual(body.reserved);
    app.reservations.sweepExpired();
    const swept = json<typeof body>(await app.inject({ method: 'GET', url: '/stock' }));
    expect(swept.reserved).toEqual([]);
    expect(swept.products.slice(0, 2)).toEqual([
      { productId: 1, stock: 7 },
      { productId: 2, stock: 5 },
    ]);
  });
});

describe('GET /stock/reservations', () => {
  const reportClock = fakeClock('2030-06-01T12:00:00.000Z');
  let reportApp: FastifyInstance;
  let closeReport: () => Promise<void>;

  interface ReportBody {
    reservations: Reservation[];
    totals: { count: number; units: number };
    truncated: boolean;
  }

  const report = async (query: string) =>
    reportApp.inject({ method: 'GET', url: `/stock/reservations${query}` });
  const idsOf = async (query: string) => {
    const response = await report(query);
    expect(response.statusCode, response.body).toBe(200);
    return json<ReportBody>(response).reservations.map((r) => r.id);
  };

  beforeAll(async () => {
    ({ app: reportApp, close: closeReport } = await startCatalog({
      clock: reportClock.now,
      reservationTtlMs: 60_000,
      reservationSweepEveryMs: 600_000,
    }));
    reportApp.db.sqlite.prepare('UPDATE products SET stock = 1000 WHERE id IN (1, 2, 3)').run();
    const { reservations } = reportApp;
    // t-90s: expired (TTL 60 s, not swept); t-80s released; t-70s committed; t-40s and t-10s live.
    const t0 = reportClock.now().getTime();
    const at = (offset: number) => new Date(t0 + offset);
    reservations.reserve('report-expired', [{ productId: 1, quantity: 1 }], at(-90_000));
    reservations.reserve('report-released', [{ productId: 2, quantity: 2 }], at(-80_000));
    reservations.release('report-released', at(-79_000));
    reservations.reserve('report-committed', [{ productId: 3, quantity: 3 }], at(-70_000));
    reservations.commit('report-committed', at(-69_000));
    reservations.reserve(
      'report-live-old',
      [
        { productId: 1, quantity: 4 },
        { productId: 2, quantity: 6 },
      ],
      at(-40_000),
    );
    reservations.reserve('report-live-new', [{ productId: 3, quantity: 5 }], at(-10_000));
  });

  afterAll(async () => {
    await closeReport();
  });

  it('lists live reservations by default, newest first, with every field and totals', async () => {
    const response = await report('');
    expect(response.statusCode).toBe(200);
    const body = json<ReportBody>(response);
    expect(body).toEqual({
      reservations: [
        {
          id: 'report-live-new',
          lines: [{ productId: 3, quantity: 5 }],
          units: 5,
          state: 'live',
          createdAt: '2030-06-01T11:59:50.000Z',
          expiresAt: '2030-06-01T12:00:50.000Z',
          committedAt: null,
          releasedAt: null,
        },
        expect.objectContaining({ id: 'report-live-old', units: 10, state: 'live' }),
      ],
      totals: { count: 2, units: 15 },
      truncated: false,
    });
  });

  it.each([
    ['?state=expired', ['report-expired']],
    ['?state=committed', ['report-committed']],
    ['?state=released', ['report-released']],
    [
      '?state=all',
      ['report-live-new', 'report-live-old', 'report-committed', 'report-released', 'report-expired'],
    ],
    ['?olderThan=30s', ['report-live-old']],
    ['?olderThan=40000', ['report-live-old']],
    ['?olderThan=40001ms', []],
    ['?olderThan=1m&state=all', ['report-committed', 'report-released', 'report-expired']],
    ['?olderThan=2m&state=all', []],
    ['?olderThan=1h&state=all', []],
    ['?olderThan=0&state=live', ['report-live-new', 'report-live-old']],
  ])('filters %s', async (query, ids) => {
    expect(await idsOf(query)).toEqual(ids);
  });

  it('counts units over the whole match', async () => {
    const body = json<ReportBody>(await report('?state=all'));
    expect(body.totals).toEqual({ count: 5, units: 21 });
  });

  it.each([
    ['?olderThan=abc', 'olderThan'],
    ['?olderThan=-5', 'olderThan'],
    ['?olderThan=2d', 'olderThan'],
    ['?olderThan=1.5s', 'olderThan'],
    ['?olderThan=', 'olderThan'],
    ['?state=pending', 'state'],
    ['?state=live&state=all', 'state'],
    ['?limit=5', 'limit'],
  ])('answers %s with 400 INVALID_REQUEST naming the parameter', async (query, param) => {
    const response = await report(query);
    expect(response.statusCode).toBe(400);
    const body = json<ErrorBody & { meta: { requestId: string } }>(response);
    expect(body.error).toMatchObject({ code: 'INVALID_REQUEST', param });
    expect(body.meta.requestId).toEqual(expect.any(String));
  });

  it('lists at most 500 and says truncated when more match', async () => {
    const { reservations } = reportApp;
    const at = new Date(reportClock.now().getTime() - 500_000);
    for (let i = 0; i < 501; i += 1) {
      reservations.reserve(`report-bulk-${String(i).padStart(3, '0')}`, [{ productId: 1, quantity: 1 }], at);
      reservations.commit(`report-bulk-${String(i).padStart(3, '0')}`, at);
    }
    const body = json<ReportBody>(await report('?state=committed'));
    expect(body.reservations).toHaveLength(500);
    expect(body.truncated).toBe(true);
    expect(body.totals).toEqual({ count: 502, units: 504 });
  });
});

describe('the sweeper (plugin)', () => {
  const sweepClock = fakeClock('2031-01-01T00:00:00.000Z');
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      callback();
    },
  });
  let sweepApp: FastifyInstance;
  let closeSweep: () => Promise<void>;
  let closed = false;

  const logged = (msg: string) => logs.filter((entry) => entry.msg === msg);
  const stock = (id: number) => sweepApp.db.findProductById(id)?.stock;

  beforeAll(async () => {
    ({ app: sweepApp, close: closeSweep } = await startCatalog({
      clock: sweepClock.now,
      logger: { level: 'info', stream },
      reservationTtlMs: 1_000,
      reservationSweepEveryMs: 100,
    }));
    sweepApp.db.sqlite.prepare('UPDATE products SET stock = 10 WHERE id IN (1, 2)').run();
  });

  afterAll(async () => {
    if (!closed) await closeSweep();
  });

  it('logs its settings when the app is ready', () => {
    expect(logged('reservation sweeper started')).toEqual([
      expect.objectContaining({ everyMs: 100, ttlMs: 1_000 }),
    ]);
  });

  it('returns the stock of expired reservations on its own, once, and logs it', async () => {
    const reserved = await sweepApp.inject({
      ...signed({ method: 'POST', url: '/stock/reservations' }),
      payload: {
        reservationId: 'sweeper-1-abc',
        lines: [
          { productId: 1, quantity: 3 },
          { productId: 2, quantity: 4 },
        ],
      },
    });
    expect(reserved.statusCode).toBe(201);
    expect([stock(1), stock(2)]).toEqual([7, 6]);
    // Not expired: several sweeps later, still held.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect([stock(1), stock(2)]).toEqual([7, 6]);

    sweepClock.advance(1_000);
    await vi.waitFor(() => expect([stock(1), stock(2)]).toEqual([10, 10]), { timeout: 3_000, interval: 50 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect([stock(1), stock(2)]).toEqual([10, 10]);
    const expired = logged('reservations expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ level: 30, released: 1, units: 7 });
  });

  it('logs a warning for a commit that retakes, and an error for an order without stock', async () => {
    // The reservation of the previous test was swept: its commit takes the stock again.
    const retaken = await commit('sweeper-1-abc', sweepApp);
    expect(json<CommitBody>(retaken).retaken).toBe(true);
    expect(logged('reservation retaken on commit')).toEqual([
      expect.objectContaining({ level: 40, reservationId: 'sweeper-1-abc', units: 7 }),
    ]);

    sweepApp.reservations.reserve('sweeper-2-abc', [{ productId: 1, quantity: 7 }]);
    sweepClock.advance(1_000);
    await vi.waitFor(() => expect(stock(1)).toBe(7), { timeout: 3_000, interval: 50 });
    sweepApp.reservations.reserve('sweeper-3-abc', [{ productId: 1, quantity: 5 }]);
    const refused = await commit('sweeper-2-abc', sweepApp);
    expect(refused.statusCode).toBe(409);
    expect(logged('order without stock')).toEqual([
      expect.objectContaining({
        level: 50,
        reservationId: 'sweeper-2-abc',
        lines: [{ productId: 1, requested: 7, available: 2 }],
      }),
    ]);
  });

  it('stops when the app closes', async () => {
    await closeSweep();
    closed = true;
    sweepClock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(logged('reservation sweep failed')).toEqual([]);
  });
});
