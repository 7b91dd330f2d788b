import { definePlugin } from '@storefront/service-kit';
import { faultProxyError } from '../errors.js';
import { SPEED } from '../scenario-runner.js';
import { describeScenario } from '../scenarios.js';

interface NameParams {
  name: string;
}

/** Reads `{ speed? }` (an absent body means speed 1); throws 400 INVALID_REQUEST otherwise. */
function readSpeed(body: unknown): number {
  if (body === undefined || body === null) return SPEED.default;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw faultProxyError(400, 'INVALID_REQUEST', 'The body must be a JSON object { speed? }', {
      field: 'body',
    });
  }
  const record = body as Record<string, unknown>;
  const extra = Object.keys(record).find((key) => key !== 'speed');
  if (extra !== undefined) {
    throw faultProxyError(400, 'INVALID_REQUEST', `Unknown field "${extra}"; allowed: speed`, {
      field: extra,
    });
  }
  const speed = record.speed;
  if (speed === undefined) return SPEED.default;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < SPEED.min || speed > SPEED.max) {
    throw faultProxyError(
      400,
      'INVALID_REQUEST',
      `speed must be a number from ${SPEED.min} to ${SPEED.max}`,
      {
        field: 'speed',
      },
    );
  }
  return speed;
}

/** `GET /scenarios`, `POST /scenarios/:name/run`, `DELETE /scenarios/current` (docs/fault-injection.md). */
export const scenariosRoutes = definePlugin(
  'fault-proxy-scenarios-routes',
  async (fastify) => {
    fastify.get('/scenarios', async () => ({
      scenarios: [...fastify.scenarios.values()].map(describeScenario),
    }));

    fastify.post<{ Params: NameParams; Body: unknown }>('/scenarios/:name/run', async (request, reply) => {
      const { name } = request.params;
      const scenario = fastify.scenarios.get(name);
      if (scenario === undefined) {
        const known = [...fastify.scenarios.keys()].join(', ');
        const message = `Unknown scenario "${name}"; known scenarios: ${known}`;
        throw faultProxyError(404, 'UNKNOWN_SCENARIO', message, { scenario: name });
      }
      const speed = readSpeed(request.body);
      const kills = [
        ...new Set(scenario.steps.flatMap((step) => (step.action === 'kill' ? [step.process] : []))),
      ];
      if (kills.length > 0 && !fastify.scenarioRunner.canKill) {
        const message =
          `Scenario "${name}" kills processes (${kills.join(', ')}), which takes the supervisor that runs the ` +
          'stack; the fault proxy has no SUPERVISOR_URL (npm start sets it)';
        throw faultProxyError(409, 'SUPERVISOR_UNAVAILABLE', message, { scenario: name });
      }
      const run = await fastify.scenarioRunner.start(scenario, speed);
      reply.code(202);
      return { run };
    });

    fastify.delete('/scenarios/current', async () => {
      const cancelled = fastify.scenarioRunner.status();
      await fastify.scenarioRunner.cancel();
      return { cancelled, scenario: null };
    });
  },
  { encapsulate: true },
);
