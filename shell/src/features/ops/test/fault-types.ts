import type { FaultTypesAnswer } from '@storefront/contract/browser';

/**
 * A `GET /api/faults/types` answer for the console's tests, in the contract's shape (a test holds it to the
 * schema). The real list is the fault proxy's; the console must build its form from whatever it is given.
 */
export const FAULT_TYPES_ANSWER: FaultTypesAnswer = {
  types: [
    { type: 'down', description: 'closes the listener: connections are refused', options: [] },
    {
      type: 'latency',
      description: 'every request waits ms (+ a random 0 to jitterMs) before it is forwarded',
      options: [
        { name: 'ms', description: 'delay', unit: 'ms', min: 0, max: 60_000, required: true, default: null },
        {
          name: 'jitterMs',
          description: 'random extra delay',
          unit: 'ms',
          min: 0,
          max: 60_000,
          required: false,
          default: 0,
        },
      ],
    },
    {
      type: 'errors',
      description: 'the proxy answers that share of requests with an error',
      options: [
        {
          name: 'percent',
          description: 'share of requests that fail',
          unit: 'percent',
          min: 1,
          max: 100,
          required: true,
          default: null,
        },
        {
          name: 'status',
          description: 'HTTP status',
          unit: 'status',
          min: 500,
          max: 599,
          required: false,
          default: 503,
        },
      ],
    },
    {
      type: 'flapping',
      description: 'alternates down and up periods, starting down',
      options: [
        {
          name: 'upMs',
          description: 'up period',
          unit: 'ms',
          min: 100,
          max: 600_000,
          required: false,
          default: 5000,
        },
        {
          name: 'downMs',
          description: 'down period',
          unit: 'ms',
          min: 100,
          max: 600_000,
          required: false,
          default: 5000,
        },
      ],
    },
  ],
  durationMs: { min: 1000, max: 3_600_000 },
  meta: { requestId: 'test' },
};
