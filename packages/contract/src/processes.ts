// The supervisor's view of the storefront's processes (`npm start` restarts any that die): `/ops` lists them with
// their restarts, and the chaos CLI kills one on purpose (`npm run chaos -- kill <process>`). The BFF forwards both
// to the supervisor's loopback API, which only exists when a supervisor runs the stack.
import { errorResponse, Meta } from './common.js';
import { defineRoute, Nullable, type Static, StringEnum, Type } from './schema.js';

/** What the supervisor is doing with a process. */
export const PROCESS_STATES = ['starting', 'running', 'backoff', 'stopped'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/** How a process last ended. */
export const ProcessExit = Type.Object({
  code: Nullable(Type.Integer()),
  signal: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export type ProcessExit = Static<typeof ProcessExit>;

/** One supervised process. */
export const ProcessStatus = Type.Object({
  name: Type.String({ description: 'e.g. bff-1, cart-service, shell' }),
  pid: Nullable(Type.Integer()),
  state: StringEnum(PROCESS_STATES),
  url: Type.String(),
  restarts: Type.Integer({
    minimum: 0,
    description: 'unexpected exits followed by a restart since start-up',
  }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  lastExit: Nullable(ProcessExit),
});
export type ProcessStatus = Static<typeof ProcessStatus>;

export const ProcessesAnswer = Type.Object(
  { processes: Type.Array(ProcessStatus), meta: Meta },
  { description: 'Every supervised process' },
);
export type ProcessesAnswer = Static<typeof ProcessesAnswer>;

export const ProcessKillAnswer = Type.Object(
  { process: ProcessStatus, meta: Meta },
  { description: 'The process, killed (usually already in backoff before its restart)' },
);
export type ProcessKillAnswer = Static<typeof ProcessKillAnswer>;

const SUPERVISOR_ERRORS = {
  503: errorResponse('SUPERVISOR_UNAVAILABLE: no supervisor runs this stack, or it does not answer'),
} as const;

export const listProcesses = defineRoute({
  method: 'GET',
  url: '/api/ops/processes',
  schema: {
    description:
      "Every process of the stack as the supervisor sees it: state, pid, restarts and last exit (the supervisor's GET /processes).",
    tags: ['ops'],
    response: { 200: ProcessesAnswer, ...SUPERVISOR_ERRORS },
  },
});

export const killProcess = defineRoute({
  method: 'POST',
  url: '/api/faults/processes/:name/kill',
  schema: {
    description:
      'Demo mode, loopback only: SIGKILLs one process; the supervisor restarts it with backoff (POST /processes/:name/kill).',
    tags: ['ops'],
    params: Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }) }),
    response: {
      202: ProcessKillAnswer,
      403: errorResponse('LOOPBACK_ONLY: the caller (or a hop in x-forwarded-for) is not loopback'),
      404: errorResponse('PROCESS_NOT_FOUND'),
      ...SUPERVISOR_ERRORS,
    },
  },
});

export const processRoutes = [listProcesses, killProcess] as const;
