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

/** The running scenario as the fake reports it (no steps really run). */
interface ScenarioStatus {
  name: string;
  startedAt: string;
  endsAt: string;
  speed: number;
  stepsDone: number;
  stepsTotal: number;
}

/** The scenarios the fake knows. */
export const FAKE_SCENARIOS = [
  {
    name: 'catalog-outage',
    description: 'The catalog goes down for 10 s.',
    durationMs: 20_000,
    steps: [
      { atMs: 2000, action: 'inject', target: 'catalog', type: 'down', durationMs: 60_000 },
      { atMs: 12_000, action: 'clear', target: 'catalog' },
    ],
  },
] as const;

const TARGETS = [
  { name: 'catalog', kind: 'service', listen: 5001, upstream: 'http://127.0.0.1:4001' },
  { name: 'cart', kind: 'service', listen: 5002, upstream: 'http://127.0.0.1:4002' },
  { name: 'remote-catalog', kind: 'remote', listen: 5101, upstream: 'http://127.0.0.1:3001' },
] as const;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeFaultProxy(): Promise<FakeFaultProxy> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const faults = new Map<string, Fault>();
  let scenario: ScenarioStatus | null = null;
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

  server.get('/faults', async () => ({ targets: all(), scenario, meta: { fake: true } }));
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
    scenario = null;
    return { targets: all() };
  });

  server.get('/scenarios', async () => ({ scenarios: FAKE_SCENARIOS }));
  server.post('/scenarios/:name/run', async (request, reply) => {
    const { name } = request.params as { name: string };
    const found = FAKE_SCENARIOS.find((s) => s.name === name);
    if (!found) {
      return reply.code(404).send({ error: { code: 'UNKNOWN_SCENARIO', message: `No scenario "${name}"` } });
    }
    const body = (request.body ?? {}) as { speed?: unknown };
    const speed = body.speed ?? 1;
    if (typeof speed !== 'number' || speed < 0.1 || speed > 20) {
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_SCENARIO_RUN', message: 'speed must be a number from 0.1 to 20' } });
    }
    const now = Date.now();
    const run = {
      name,
      startedAt: new Date(now).toISOString(),
      endsAt: new Date(now + found.durationMs / speed).toISOString(),
      speed,
    };
    scenario = { ...run, stepsDone: 0, stepsTotal: found.steps.length };
    return reply.code(202).send({ run });
  });
  server.delete('/scenarios/current', async () => {
    const cancelled = scenario;
    scenario = null;
    return { cancelled, scenario: null };
  });

  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake fault proxy has no TCP address');
  fake.url = `http://127.0.0.1:${address.port}`;
  return fake;
}
