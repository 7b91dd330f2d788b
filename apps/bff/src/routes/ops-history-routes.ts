import { getOpsHistory } from '@storefront/contract';
import { metaOf } from '../http/answers.js';
import { defineRoutes } from '../http/define-routes.js';

/** `GET /api/ops/history`: this replica's samples of every upstream, read once by the console to seed its charts. */
export const opsHistoryRoutes = defineRoutes('ops-history-routes', async (api) => {
  api.route({
    ...getOpsHistory,
    handler: async (request) => {
      const { periodMs, spanMs } = api.opsHistory;
      return {
        replica: api.replicaId,
        periodMs,
        spanMs,
        upstreams: api.opsHistory.list(),
        meta: metaOf(request),
      };
    },
  });
});
