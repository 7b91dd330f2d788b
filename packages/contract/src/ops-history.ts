// The console's history: what each breaker did over the last minutes, kept by the BFF so that a reload of /ops
// draws its charts at once instead of starting empty. The stream (`opsStream`) then brings the newer points.
import { Meta } from './common.js';
import { BREAKER_STATES } from './constants.js';
import { defineRoute, type Static, StringEnum, Type } from './schema.js';

/** One sample of an upstream: its breaker state and its rolling window's figures at `at`. */
export const HistorySample = Type.Object({
  at: Type.String({ format: 'date-time' }),
  state: StringEnum(BREAKER_STATES),
  errorPercent: Type.Number({ minimum: 0, maximum: 100 }),
  p99Ms: Type.Number({ minimum: 0 }),
  ratePerSec: Type.Number({ minimum: 0 }),
});
export type HistorySample = Static<typeof HistorySample>;

/** One upstream's samples, oldest first. */
export const UpstreamSamples = Type.Object({
  name: Type.String(),
  samples: Type.Array(HistorySample),
});
export type UpstreamSamples = Static<typeof UpstreamSamples>;

export const OpsHistoryAnswer = Type.Object(
  {
    replica: Type.String({ description: 'the replica that answered (each keeps its own history)' }),
    periodMs: Type.Integer({
      minimum: 1,
      description: 'time between two samples (one more at each transition)',
    }),
    spanMs: Type.Integer({ minimum: 1, description: 'how far back the samples go at most' }),
    upstreams: Type.Array(UpstreamSamples),
    meta: Meta,
  },
  { description: 'Every upstream’s samples over the last minutes (state, error %, p99, rate), oldest first' },
);
export type OpsHistoryAnswer = Static<typeof OpsHistoryAnswer>;

export const getOpsHistory = defineRoute({
  method: 'GET',
  url: '/api/ops/history',
  schema: {
    description:
      "This replica's samples of every upstream over the last 10 minutes (one per 5 s and one at each breaker transition): state, error %, p99 and rate of the rolling window. The console draws them, then appends the stream's snapshots.",
    tags: ['ops'],
    response: { 200: OpsHistoryAnswer },
  },
});

export const opsHistoryRoutes = [getOpsHistory] as const;
