import { definePlugin } from '@storefront/service-kit';
import type { FaultProxyClient } from '../clients/fault-proxy-client.js';
import { OpsHub } from '../ops/ops-hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ops stream's fan-out (clients, shared timer); `GET /api/ops/stream` joins it. */
    opsStream: OpsHub;
  }
}

export interface OpsStreamOptions {
  /** The fault proxy's control API; null when demo mode is off (`faults.available` is then false). */
  faults: FaultProxyClient | null;
  /** Snapshot period (default 1000 ms). */
  intervalMs?: number;
}

/** The ops stream's hub over every upstream, as `app.opsStream`; needs the resilience plugin first. */
export const opsStreamPlugin = definePlugin<OpsStreamOptions>('ops-stream', async (app, options) => {
  const hub = new OpsHub({
    upstreams: app.resilience.list(),
    faults: options.faults,
    log: app.log,
    intervalMs: options.intervalMs,
  });
  app.decorate('opsStream', hub);
  // preClose, not onClose: the HTTP server waits for open responses, so streams must end before it closes.
  app.addHook('preClose', async () => hub.close());
});
