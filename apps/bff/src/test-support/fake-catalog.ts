// A catalog-service stand-in on a free port: products, and stock reservations with the real service's rules
// (apps/catalog-service/src/db/stock-reservations.ts): reserve, commit, release, and a released one taken again.
import Fastify, { type FastifyInstance } from 'fastify';
import { type CredentialLog, checkServiceCredential } from './fake-credential.js';
import { FakeEventFeed } from './fake-event-feed.js';
import { type FakeMode, installFaults, RouteFaults } from './fake-faults.js';
import { errorOf } from './fake-ledger.js';

export type { FakeMode } from './fake-faults.js';

/** One reservation; `released` and `committed` are final except that a released one may be taken again. */
export interface FakeReservation {
  id: string;
  lines: Array<{ productId: number; quantity: number }>;
  state: 'live' | 'committed' | 'released';
}

/** A small real catalog-service stand-in on a free port, switchable between behaviours. */
export interface FakeCatalog {
  url: string;
  /** Every route: normal, 500, or never answering. */
  mode: FakeMode;
  /** Per-route faults, e.g. `faults.set('POST /stock/reservations/:id/commit', 'hang')`. */
  faults: RouteFaults;
  /** Every request that reached the server, in order. */
  hits: Array<{
    method: string;
    url: string;
    requestId: string | undefined;
    traceparent: string | undefined;
  }>;
  /** Writes refused for a missing or invalid BFF credential (none, when the BFF signs them all). */
  credentials: CredentialLog;
  /** Its outbox, served as `GET /events` (publish into it to feed the events view). */
  feed: FakeEventFeed;
  /** Hits whose URL starts with the given path. */
  hitsOn(path: string): number;
  /** Hits of one method whose URL starts with the given path. */
  count(method: string, path: string): number;
  /** Stock per product id (products 1 and 2); reservations take from it. */
  stock: Map<number, number>;
  /** Reservations by id, in every state. */
  reservations: Map<string, FakeReservation>;
  /** Ids of reservations holding stock (neither committed nor released). */
  holding(): string[];
  /** Stops listening, keeping every reservation: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Stops listening for good. */
  close(): Promise<void>;
}

/** Builds a product as the catalog service shapes it. */
export function serviceProduct(id: number, slug: string): Record<string, unknown> {
  return {
    id,
    slug,
    name: `Product ${id}`,
    description: `About product ${id}`,
    priceCents: 1000 + id,
    currency: 'EUR',
    category: 'lamps',
    categoryName: 'Lamps',
    image: `/images/${slug}.svg`,
    stock: 5,
    featured: id % 2 === 0,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

const RESERVATION_ID = /^[A-Za-z0-9_-]{8,64}$/;
type Line = { productId: number; quantity: number };

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeCatalog(): Promise<FakeCatalog> {
  let server: FastifyInstance | null = null;
  let port = 0;
  const fake: FakeCatalog = {
    url: '',
    mode: 'ok',
    faults: new RouteFaults(),
    hits: [],
    credentials: { refused: [] },
    feed: new FakeEventFeed(),
    hitsOn: (path) => fake.hits.filter((hit) => hit.url.startsWith(path)).length,
    count: (method, path) => fake.hits.filter((h) => h.method === method && h.url.startsWith(path)).length,
    stock: new Map([
      [1, 5],
      [2, 5],
    ]),
    reservations: new Map(),
    holding: () => [...fake.reservations.values()].filter((r) => r.state === 'live').map((r) => r.id),
    down: async () => {
      const running = server;
      server = null;
      await running?.close();
    },
    up: async () => {
      if (server) return;
      server = buildServer(fake);
      await server.listen({ port, host: '127.0.0.1' });
    },
    close: () => fake.down(),
  };
  const listening = (): FastifyInstance | null => server;
  await fake.up();
  const address = listening()?.server.address() ?? null;
  if (address === null || typeof address === 'string') throw new Error('fake catalog has no TCP address');
  port = address.port;
  fake.url = `http://127.0.0.1:${port}`;
  return fake;
}

function buildServer(fake: FakeCatalog): FastifyInstance {
  const server = Fastify({ logger: false, forceCloseConnections: true });
  // Reads are public, like the real catalog's; stock reservations must be signed.
  checkServiceCredential(server, { publicReads: true }, fake.credentials);
  server.addHook('onRequest', async (request) => {
    const header = request.headers['x-request-id'];
    const { traceparent } = request.headers;
    fake.hits.push({
      method: request.method,
      url: request.url,
      requestId: typeof header === 'string' ? header : undefined,
      traceparent: typeof traceparent === 'string' ? traceparent : undefined,
    });
  });
  installFaults(server, fake.faults, () => fake.mode);
  fake.feed.serve(server);

  const shortages = (lines: Line[]) =>
    lines
      .map((line) => ({ ...line, available: fake.stock.get(line.productId) ?? 0 }))
      .filter((line) => line.available < line.quantity)
      .map(({ productId, quantity, available }) => ({ productId, requested: quantity, available }));
  const take = (lines: Line[], sign: 1 | -1) => {
    for (const line of lines) {
      fake.stock.set(line.productId, (fake.stock.get(line.productId) ?? 0) - sign * line.quantity);
    }
  };
  const insufficient = (lines: unknown[]) =>
    errorOf('INSUFFICIENT_STOCK', 'Not enough stock for some lines; nothing was reserved.', { lines });
  const view = (r: FakeReservation) => ({ ...r, units: r.lines.reduce((n, l) => n + l.quantity, 0) });

  server.get('/products', async (request) => {
    const query = request.query as Record<string, string>;
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 12);
    return {
      items: [serviceProduct(1, 'desk-lamp'), serviceProduct(2, 'floor-lamp')],
      total: 2,
      page,
      pageSize,
    };
  });
  server.get('/products/:idOrSlug', async (request, reply) => {
    const { idOrSlug } = request.params as { idOrSlug: string };
    const found =
      idOrSlug === 'desk-lamp' || idOrSlug === '1'
        ? serviceProduct(1, 'desk-lamp')
        : idOrSlug === 'floor-lamp' || idOrSlug === '2'
          ? serviceProduct(2, 'floor-lamp')
          : null;
    if (found) return { product: { ...found, stock: fake.stock.get(Number(found.id)) ?? 0 } };
    return reply.code(404).send(errorOf('PRODUCT_NOT_FOUND', `No product "${idOrSlug}"`, { idOrSlug }));
  });

  // Idempotent on the id: a reservation not released comes back as it is; a released one is taken again.
  server.post('/stock/reservations', async (request, reply) => {
    const { reservationId, lines } = request.body as { reservationId: string; lines: Line[] };
    if (!RESERVATION_ID.test(reservationId) || !Array.isArray(lines) || lines.length === 0) {
      return reply
        .code(400)
        .send(errorOf('INVALID_REQUEST', 'invalid reservation', { field: 'reservationId' }));
    }
    const existing = fake.reservations.get(reservationId);
    if (existing && existing.state !== 'released') return { reservation: view(existing) };
    const short = shortages(lines);
    if (short.length > 0) return reply.code(409).send(insufficient(short));
    take(lines, 1);
    const reservation: FakeReservation = { id: reservationId, lines, state: 'live' };
    fake.reservations.set(reservationId, reservation);
    return reply.code(201).send({ reservation: view(reservation) });
  });

  // The order exists: the stock stays taken for good (a released one takes its stock again, if it can).
  server.post('/stock/reservations/:id/commit', async (request, reply) => {
    const { id } = request.params as { id: string };
    const reservation = fake.reservations.get(id);
    if (!reservation)
      return reply.code(404).send(errorOf('RESERVATION_NOT_FOUND', `No reservation "${id}".`));
    if (reservation.state === 'committed') return { reservation: view(reservation), retaken: false };
    const retaken = reservation.state === 'released';
    if (retaken) {
      const short = shortages(reservation.lines);
      if (short.length > 0) return reply.code(409).send(insufficient(short));
      take(reservation.lines, 1);
    }
    reservation.state = 'committed';
    return { reservation: view(reservation), retaken };
  });

  // Idempotent: unknown or released ids answer 204 and the stock returns once; a committed one is never released.
  server.delete('/stock/reservations/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const reservation = fake.reservations.get(id);
    if (reservation?.state === 'committed') {
      return reply
        .code(409)
        .send(errorOf('RESERVATION_COMMITTED', 'The reservation is committed; its stock is not released.'));
    }
    if (reservation?.state === 'live') {
      take(reservation.lines, -1);
      reservation.state = 'released';
    }
    return reply.code(204).send();
  });

  server.get('/categories', async () => ({ items: [{ slug: 'lamps', name: 'Lamps', productCount: 2 }] }));
  server.get('/images/:file', async (request, reply) => {
    const { file } = request.params as { file: string };
    return reply
      .type('image/svg+xml; charset=utf-8')
      .send(`<svg xmlns="http://www.w3.org/2000/svg"><title>${file}</title></svg>`);
  });
  return server;
}
