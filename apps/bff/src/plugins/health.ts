import { definePlugin } from '../plugin.js';
import { simpleMetaSchema } from '../schemas.js';

/** `GET /health`: the process is up (it does not check the upstreams; see `/api/resilience`). */
export const healthPlugin = definePlugin(
  'health',
  async (app) => {
    app.get(
      '/health',
      {
        schema: {
          description: 'Liveness of the BFF process. Upstream health is reported by /api/resilience.',
          tags: ['meta'],
          response: {
            200: {
              description: 'The BFF is up',
              type: 'object',
              required: ['status', 'service', 'meta'],
              properties: {
                status: { type: 'string', enum: ['ok'] },
                service: { type: 'string' },
                meta: simpleMetaSchema,
              },
            },
          },
        },
      },
      async (request) => ({ status: 'ok', service: 'bff', meta: { requestId: request.id } }),
    );
  },
  { encapsulate: true },
);
