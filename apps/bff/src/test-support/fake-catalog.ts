import Fastify, { type FastifyInstance } from 'fastify';

/** How the fake catalog answers: normally, with 500, or never. */
export type FakeMode = 'ok' | 'fail' | 'hang';

/** A small real catalog-service stand-in on a free port, switchable between behaviours. */
export interface FakeCatalog {
  url: string;
  mode: FakeMode;
  /** Every request that reached the server, in order. */
  hits: Array<{ url: string; requestId: string | undefined }>;
  /** Hits whose URL starts with the given path. */
  hitsOn(path: string): number;
  /** Stock per product id (products 1 and 2); reservations take from it. */
  stock: Map<number, number>;
  /** Live reservations by id. */
  reservations: Map<string, Array<{ productId: number; quantity: number }>>;
  /** Every reservation id DELETEd, in order. */
  released: string[];
  /** `fail` makes DELETE /stock/reservations answer 500 (the compensation fails). */
  releaseMode: 'ok' | 'fail';
  /** Stops listening (connections are refused from now on). */
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

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeCatalog(): Promise<FakeCatalog> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  let closed = false;
  const fake: FakeCatalog = {
    url: '',
    mode: 'ok',
    hits: [],
    hitsOn: (path) => fake.hits.filter((hit) => hit.url.startsWith(path)).length,
    stock: new Map([
      [1, 5],
      [2, 5],
    ]),
    reservations: new Map(),
    released: [],
    releaseMode: 'ok',
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };

  server.addHook('onRequest', async (request, reply) => {
    const header = request.headers['x-request-id'];
    fake.hits.push({ url: request.url, requestId: typeof header === 'string' ? header : undefined });
    if (fake.mode === 'fail') {
      return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'boom' } });
    }
    if (fake.mode === 'hang') {
      // Never answer; forceCloseConnections ends the socket when the fake closes.
      await new Promise<never>(() => {});
    }
  });

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
    return reply
      .code(404)
      .send({ error: { code: 'PRODUCT_NOT_FOUND', message: `No product "${idOrSlug}"`, idOrSlug } });
  });
  server.post('/stock/reservations', async (request, reply) => {
    const { reservationId, lines } = request.body as {
      reservationId: string;
      lines: Array<{ productId: number; quantity: number }>;
    };
    const existing = fake.reservations.get(reservationId);
    if (existing) return { reservation: { id: reservationId, lines: existing } };
    const short = lines.filter((line) => (fake.stock.get(line.productId) ?? 0) < line.quantity);
    if (short.length > 0) {
      return reply.code(409).send({
        error: { code: 'INSUFFICIENT_STOCK', message: 'not enough stock', lines: short },
      });
    }
    for (const line of lines)
      fake.stock.set(line.productId, (fake.stock.get(line.productId) ?? 0) - line.quantity);
    fake.reservations.set(reservationId, lines);
    return reply.code(201).send({ reservation: { id: reservationId, lines } });
  });
  server.delete('/stock/reservations/:id', async (request, reply) => {
    if (fake.releaseMode === 'fail')
      return reply.code(500).send({ error: { code: 'INTERNAL_ERROR', message: 'x' } });
    const { id } = request.params as { id: string };
    fake.released.push(id);
    const lines = fake.reservations.get(id);
    if (lines) {
      for (const line of lines)
        fake.stock.set(line.productId, (fake.stock.get(line.productId) ?? 0) + line.quantity);
      fake.reservations.delete(id);
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

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake catalog has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}
