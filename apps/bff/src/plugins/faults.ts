import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { FaultProxyClient } from '../ops/fault-proxy-client.js';
import { definePlugin } from '../plugin.js';
import { errorResponseSchema } from '../schemas.js';

export interface FaultsPluginOptions {
  client: FaultProxyClient;
}

/** Fault types of the fault proxy (docs/fault-injection.md, "Faults"). */
export const FAULT_TYPES = ['down', 'hang', 'latency', 'errors', 'flapping'] as const;

/** Whether an address is a loopback one (127.0.0.0/8, ::1, IPv4-mapped 127.x). */
export function isLoopbackAddress(address: string): boolean {
  let text = address.trim().toLowerCase();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text === '::1' || text === '0:0:0:0:0:0:0:1') return true;
  if (text.startsWith('::ffff:')) text = text.slice('::ffff:'.length);
  const parts = text.split('.');
  return (
    parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

/**
 * Loopback only: the socket peer is loopback, and so is every hop in `x-forwarded-for` when present
 * (the shell host forwards the browser's address there). An empty or unparsable entry counts as remote.
 */
export function isLoopbackRequest(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
): boolean {
  if (!socketAddress || !isLoopbackAddress(socketAddress)) return false;
  if (forwardedFor === undefined) return true;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor : [forwardedFor]).flatMap((h) => h.split(','));
  return hops.every((hop) => isLoopbackAddress(hop));
}

const anyValue = {} as const;

const faultSchema = {
  type: ['object', 'null'],
  description: 'null when the target has no active fault',
  properties: {
    type: { type: 'string', enum: [...FAULT_TYPES] },
    options: { type: 'object', additionalProperties: true },
    injectedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    phase: { type: 'string', description: 'flapping only: the current phase (up or down)' },
  },
  additionalProperties: true,
} as const;

const targetSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    kind: { type: 'string', enum: ['service', 'remote'] },
    listen: anyValue,
    upstream: anyValue,
    fault: faultSchema,
  },
  additionalProperties: true,
} as const;

const metaSchema = {
  type: 'object',
  properties: { requestId: { type: 'string' } },
  additionalProperties: true,
} as const;

const scenarioStatusSchema = {
  type: ['object', 'null'],
  description: 'The running scenario, null when none runs',
  properties: {
    name: { type: 'string' },
    startedAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    speed: { type: 'number' },
    stepsDone: { type: 'integer' },
    stepsTotal: { type: 'integer' },
  },
  additionalProperties: true,
} as const;

const targetsAnswer = {
  description: 'Every target of the fault proxy with its fault, and the running scenario',
  type: 'object',
  properties: {
    targets: { type: 'array', items: targetSchema },
    scenario: scenarioStatusSchema,
    meta: metaSchema,
  },
  additionalProperties: true,
} as const;

const scenariosAnswer = {
  description: 'The scenarios the fault proxy can run',
  type: 'object',
  properties: {
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          description: { type: 'string' },
          durationMs: { type: 'integer' },
          steps: { type: 'array', items: { type: 'object', additionalProperties: true } },
        },
        additionalProperties: true,
      },
    },
    meta: metaSchema,
  },
  additionalProperties: true,
} as const;

const runAnswer = {
  description: 'The scenario started (a running one was cancelled first, its faults cleared)',
  type: 'object',
  properties: {
    run: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        startedAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
        speed: { type: 'number' },
      },
      additionalProperties: true,
    },
    meta: metaSchema,
  },
  additionalProperties: true,
} as const;

const cancelAnswer = {
  description: 'The cancelled scenario (null when none was running); its faults are cleared',
  type: 'object',
  properties: { cancelled: scenarioStatusSchema, meta: metaSchema },
  additionalProperties: true,
} as const;

const scenarioParamsSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,99}$', description: 'e.g. catalog-outage' },
  },
} as const;

const runBodySchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    speed: {
      type: 'number',
      minimum: 0.1,
      maximum: 20,
      description: 'divides atMs and durations (default 1)',
    },
  },
} as const;

const targetAnswer = {
  description: 'The target after the change',
  type: 'object',
  properties: { target: targetSchema, meta: metaSchema },
  additionalProperties: true,
} as const;

const paramsSchema = {
  type: 'object',
  required: ['target'],
  properties: {
    target: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{0,63}$',
      description: 'catalog, cart, account, remote-catalog, remote-cart or remote-account',
    },
  },
} as const;

const faultBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...FAULT_TYPES] },
    options: {
      type: 'object',
      additionalProperties: true,
      description:
        'latency: { ms, jitterMs }; errors: { percent, status }; flapping: { upMs, downMs } (checked by the fault proxy)',
    },
    durationMs: { type: 'integer', minimum: 1000, maximum: 3_600_000, description: 'expires by itself' },
  },
} as const;

const commonErrors = {
  403: errorResponseSchema('LOOPBACK_ONLY: the caller (or a hop in x-forwarded-for) is not loopback'),
  503: errorResponseSchema('FAULT_PROXY_UNAVAILABLE: the control API does not answer'),
} as const;

/** Adds `meta.requestId` to a JSON object answer, as every BFF body carries it. */
function withRequestId(body: unknown, requestId: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const meta = typeof record.meta === 'object' && record.meta !== null ? record.meta : {};
  return { ...record, meta: { ...meta, requestId } };
}

/**
 * The fault proxy's control API under `/api/faults` (demo mode only), for loopback callers only. Answers
 * are passed through with their status; an unreachable control API is 503 FAULT_PROXY_UNAVAILABLE.
 */
export const faultsPlugin = definePlugin<FaultsPluginOptions>(
  'faults',
  async (app, { client }) => {
    app.addHook('onRequest', async (request) => {
      if (!isLoopbackRequest(request.socket.remoteAddress, request.headers['x-forwarded-for'])) {
        throw new AppError(403, 'LOOPBACK_ONLY', 'The fault API answers loopback clients only');
      }
    });

    async function forward(
      request: FastifyRequest,
      reply: FastifyReply,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      body?: unknown,
    ): Promise<FastifyReply> {
      const answer = await client.call(method, path, { body, requestId: request.id });
      reply.code(answer.status);
      if (answer.body === undefined) return reply.send();
      return reply.type('application/json; charset=utf-8').send(withRequestId(answer.body, request.id));
    }

    /** Turns a schema failure into the contract's codes (the proxy would answer the same). */
    function checkValidation(request: FastifyRequest): void {
      const error = request.validationError;
      if (!error) return;
      if (error.validationContext === 'params') {
        throw new AppError(404, 'UNKNOWN_TARGET', 'No such fault target');
      }
      throw new AppError(400, 'INVALID_FAULT', error.message);
    }

    const targetPath = (request: FastifyRequest): string =>
      `/faults/${encodeURIComponent((request.params as { target: string }).target)}`;

    app.get(
      '/api/faults',
      {
        schema: {
          description: "Every fault target with its active fault (the fault proxy's GET /faults).",
          tags: ['ops'],
          response: { 200: targetsAnswer, ...commonErrors },
        },
      },
      async (request, reply) => forward(request, reply, 'GET', '/faults'),
    );

    app.put(
      '/api/faults/:target',
      {
        attachValidation: true,
        schema: {
          description:
            'Injects a fault into one target (replacing its current one). Body `{ type, options?, durationMs? }`; see docs/fault-injection.md.',
          tags: ['ops'],
          params: paramsSchema,
          body: faultBodySchema,
          response: {
            200: targetAnswer,
            400: errorResponseSchema('INVALID_FAULT'),
            404: errorResponseSchema('UNKNOWN_TARGET'),
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        checkValidation(request);
        return forward(request, reply, 'PUT', targetPath(request), request.body);
      },
    );

    app.delete(
      '/api/faults/:target',
      {
        attachValidation: true,
        schema: {
          description: 'Clears the fault of one target.',
          tags: ['ops'],
          params: paramsSchema,
          response: { 200: targetAnswer, 404: errorResponseSchema('UNKNOWN_TARGET'), ...commonErrors },
        },
      },
      async (request, reply) => {
        checkValidation(request);
        return forward(request, reply, 'DELETE', targetPath(request));
      },
    );

    app.delete(
      '/api/faults',
      {
        schema: {
          description: 'Clears every fault.',
          tags: ['ops'],
          response: { 200: targetsAnswer, ...commonErrors },
        },
      },
      async (request, reply) => forward(request, reply, 'DELETE', '/faults'),
    );

    app.get(
      '/api/faults/scenarios',
      {
        schema: {
          description: "The scenarios the fault proxy runs (the fault proxy's GET /scenarios).",
          tags: ['ops'],
          response: { 200: scenariosAnswer, ...commonErrors },
        },
      },
      async (request, reply) => forward(request, reply, 'GET', '/scenarios'),
    );

    app.post(
      '/api/faults/scenarios/:name/run',
      {
        attachValidation: true,
        schema: {
          description:
            'Starts a scenario in the fault proxy (cancelling a running one). Body `{ speed? }` (0.1–20, default 1).',
          tags: ['ops'],
          params: scenarioParamsSchema,
          body: runBodySchema,
          response: {
            202: runAnswer,
            400: errorResponseSchema('INVALID_SCENARIO_RUN'),
            404: errorResponseSchema('UNKNOWN_SCENARIO'),
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const error = request.validationError;
        if (error?.validationContext === 'params') {
          throw new AppError(404, 'UNKNOWN_SCENARIO', 'No such scenario');
        }
        if (error) throw new AppError(400, 'INVALID_SCENARIO_RUN', error.message);
        const { name } = request.params as { name: string };
        const body = request.body ?? undefined;
        return forward(request, reply, 'POST', `/scenarios/${encodeURIComponent(name)}/run`, body);
      },
    );

    app.delete(
      '/api/faults/scenarios/current',
      {
        schema: {
          description: 'Cancels the running scenario and clears the faults it injected.',
          tags: ['ops'],
          response: { 200: cancelAnswer, ...commonErrors },
        },
      },
      async (request, reply) => forward(request, reply, 'DELETE', '/scenarios/current'),
    );
  },
  { encapsulate: true },
);
