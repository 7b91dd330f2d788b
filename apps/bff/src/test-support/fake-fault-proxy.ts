import Fastify, { type FastifyInstance } from 'fastify';

/** One request the fake control API received. */
export interface ControlCall {
  method: string;
  url: string;
  body: unknown;
  requestId: string | undefined;
}

/** A small stand-in for the fault proxy's control API (docs/fault-injection.md), on a free port. */
export interface FakeFaultProxy {
  url: string;
  calls: ControlCall[];
  /** Stops listening (connections are refused from now on). */
  close(): Promise<void>;
}

interface Fault {
  type: string;
  options: Record<string, unknown>;
  injectedAt: string;
  expiresAt: string | null;
}

const TARGETS = [
  { name: 'catalog', kind: 'service', listen: 5001, upstream: 'http://127.0.0.1:4001' },
  { name: 'cart', kind: 'service', listen: 5002, upstream: 'http://127.0.0.1:4002' },
  { name: 'remote-catalog', kind: 'remote', listen: 5101, upstream: 'http://127.0.0.1:3001' },
] as const;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeFaultProxy(): Promise<FakeFaultProxy> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const faults = new Map<string, Fault>();
  let closed = false;
  const fake: FakeFaultProxy = {
    url: '',
    calls: [],
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
  const view = (name: string) => {
    const target = TARGETS.find((t) => t.name === name);
    return target ? { ...target, fault: faults.get(name) ?? null } : null;
  };
  const all = () => TARGETS.map((t) => view(t.name));
  const unknown = (name: string) => ({ error: { code: 'UNKNOWN_TARGET', message: `No target "${name}"` } });

  server.addHook('onRequest', async (request) => {
    const header = request.headers['x-request-id'];
    fake.calls.push({
      method: request.method,
      url: request.url,
      body: undefined,
      requestId: typeof header === 'string' ? header : undefined,
    });
  });
  server.addHook('preHandler', async (request) => {
    const last = fake.calls.at(-1);
    if (last) last.body = request.body;
  });

  server.get('/faults', async () => ({ targets: all(), meta: { fake: true } }));
  server.put('/faults/:target', async (request, reply) => {
    const { target } = request.params as { target: string };
    if (!view(target)) return reply.code(404).send(unknown(target));
    const body = request.body as { type: string; options?: Record<string, unknown>; durationMs?: number };
    const ms = body.options?.ms;
    if (typeof ms === 'number' && ms > 60_000) {
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_FAULT', message: 'options.ms must be ≤ 60000' } });
    }
    const now = Date.now();
    faults.set(target, {
      type: body.type,
      options: body.options ?? {},
      injectedAt: new Date(now).toISOString(),
      expiresAt: body.durationMs ? new Date(now + body.durationMs).toISOString() : null,
    });
    return { target: view(target), meta: {} };
  });
  server.delete('/faults/:target', async (request, reply) => {
    const { target } = request.params as { target: string };
    if (!view(target)) return reply.code(404).send(unknown(target));
    faults.delete(target);
    return { target: view(target) };
  });
  server.delete('/faults', async () => {
    faults.clear();
    return { targets: all() };
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake fault proxy has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}
