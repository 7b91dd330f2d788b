import { definePlugin } from '@storefront/service-kit';
import { UpstreamHistory } from '../ops/upstream-history.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every upstream's samples of the last minutes, for the console's charts (`GET /api/ops/history`). */
    opsHistory: UpstreamHistory;
  }
}

export interface OpsHistoryOptions {
  /** Time between two samples (default 5 s). */
  periodMs?: number;
  /** How far back samples are kept (default 10 min). */
  spanMs?: number;
}

/**
 * Samples every upstream on a timer of its own, whether or not a console is connected (the ops stream's timer runs
 * only while one is), so a console opened after an incident still draws it. Needs the resilience plugin.
 */
export const opsHistoryPlugin = definePlugin<OpsHistoryOptions>('ops-history', async (app, options) => {
  const history = new UpstreamHistory(options);
  history.watch(app.resilience.list());
  history.sample();
  const timer = setInterval(() => history.sample(), history.periodMs);
  timer.unref();
  app.decorate('opsHistory', history);
  app.addHook('onClose', async () => {
    clearInterval(timer);
    history.close();
  });
});
