import type { FaultOptionInfo, FaultTypeInfo } from '@storefront/contract';
import { crossSitePlugin } from '@storefront/service-kit';
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
  options: Record<string, number>;
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

/** One option of a fake fault type; `fallback` null means the option is required. */
function option(
  name: string,
  unit: FaultOptionInfo['unit'],
  min: number,
  max: number,
  fallback: number | null,
) {
  return { name, description: name, unit, min, max, required: fallback === null, default: fallback };
}

/**
 * The fault types this fake accepts, in the shape of the real `GET /faults/types` (the list itself is the fault
 * proxy's: the BFF only forwards it and the bodies, so a few types are enough here).
 */
export const FAKE_FAULT_TYPES: FaultTypeInfo[] = [
  { type: 'down', description: 'refuses connections', options: [] },
  {
    type: 'latency',
    description: 'waits before forwarding',
    options: [option('ms', 'ms', 0, 60_000, null), option('jitterMs', 'ms', 0, 60_000, 0)],
  },
  {
    type: 'errors',
    description: 'answers with a 5xx',
    options: [option('percent', 'percent', 1, 100, null), option('status', 'status', 500, 599, 503)],
  },
];

/** Bounds of a fault's `durationMs`, as the real fault proxy lists them. */
export const FAKE_DURATION_MS = { min: 1000, max: 3_600_000 };

/** Checks a fault body against {@link FAKE_FAULT_TYPES} like the real proxy: the options with defaults, or a message. */
function checkFault(body: unknown): { options: Record<string, number> } | { message: string } {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const info = FAKE_FAULT_TYPES.find((t) => t.type === record.type);
  if (!info) return { message: `type must be one of ${FAKE_FAULT_TYPES.map((t) => t.type).join(', ')}` };
  const { durationMs } = record;
  if (
    durationMs !== undefined &&
    (typeof durationMs !== 'number' || durationMs < FAKE_DURATION_MS.min || durationMs > FAKE_DURATION_MS.max)
  ) {
    return { message: `durationMs must be from ${FAKE_DURATION_MS.min} to ${FAKE_DURATION_MS.max}` };
  }
  const given = (record.options ?? {}) as Record<string, unknown>;
  const unknownOption = Object.keys(given).find((name) => !info.options.some((o) => o.name === name));
  if (unknownOption !== undefined) return { message: `unknown ${info.type} option "${unknownOption}"` };
  const options: Record<string, number> = {};
  for (const option of info.options) {
    const value = given[option.name] ?? option.default;
    if (value === null || value === undefined) return { message: `options.${option.name} is required` };
    if (typeof value !== 'number' || value < option.min || value > option.max) {
      return { message: `options.${option.name} must be from ${option.min} to ${option.max}` };
    }
    options[option.name] = value;
  }
  return { options };
}

const TARGETS = [
  { name: 'catalog', kind: 'service', listen: 5001, upstream: 'http://127.0.0.1:4001' },
  { name: 'cart', kind: 'service', listen: 5002, upstream: 'http://127.0.0.1:4002' },
  { name: 'remote-catalog', kind: 'remote', listen: 5101, upstream: 'http://127.0.0.1:3001' },
] as const;

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeFaultProxy(): Promise<FakeFaultProxy> {
  const server: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  // Like the real control API: writes must be JSON (an empty body too) and come from no other site.
  server.register(crossSitePlugin, { publicOrigins: [] });
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

  // Like the real one: `meta.at` is the proxy's own (the BFF's contract does not pass it on).
  server.get('/faults', async () => ({ targets: all(), scenario, meta: { at: new Date().toISOString() } }));
  server.get('/faults/types', async () => ({ types: FAKE_FAULT_TYPES, durationMs: FAKE_DURATION_MS }));
  server.put('/faults/:target', async (request, reply) => {
    const { target } = request.params as { target: string };
    if (!view(target)) return reply.code(404).send(unknown(target));
    const body = request.body as { type: string; durationMs?: number };
    const checked = checkFault(request.body);
    if ('message' in checked) {
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_REQUEST', message: `Invalid fault: ${checked.message}.` } });
    }
    const now = Date.now();
    faults.set(target, {
      type: body.type,
      options: checked.options,
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
        .send({ error: { code: 'INVALID_REQUEST', message: 'speed must be a number from 0.1 to 20' } });
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
