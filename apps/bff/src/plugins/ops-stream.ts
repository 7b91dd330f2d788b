import { definePlugin } from '@storefront/service-kit';
import type { FaultProxyClient } from '../clients/fault-proxy-client.js';
import { DEFAULT_ABUSE_LIMITS, type OpsStreamLimits } from '../limits-config.js';
import { OpsHub } from '../ops/ops-hub.js';
import { ReplicaView } from '../ops/replica-view.js';
import { StreamCaps } from '../ops/stream-caps.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ops stream's fan-out (clients, shared timer); `GET /api/ops/stream` joins it. */
    opsStream: OpsHub;
    /** Open ops streams per client address and in all, with their caps. */
    opsStreamCaps: StreamCaps;
    /** Every BFF replica's breakers (this one and its `BFF_PEERS`). */
    replicas: ReplicaView;
    /** This replica's id (`BFF_REPLICA_ID`). */
    replicaId: string;
  }
}

export interface OpsStreamOptions {
  /** The fault proxy's control API; null when demo mode is off (`faults.available` is then false). */
  faults: FaultProxyClient | null;
  /** Snapshot period (default 1000 ms). */
  intervalMs?: number;
  /** This replica's id and the other replicas' base URLs (default: `bff`, alone). */
  replica?: { id: string; peers: string[] };
  /** Streams allowed per client address and in all (default {@link DEFAULT_ABUSE_LIMITS}). */
  limits?: OpsStreamLimits;
}

/** The ops stream's hub (`app.opsStream`) and the replicas' view (`app.replicas`); needs the resilience plugin. */
export const opsStreamPlugin = definePlugin<OpsStreamOptions>('ops-stream', async (app, options) => {
  const { id, peers } = options.replica ?? { id: 'bff', peers: [] };
  const replicas = new ReplicaView({
    self: id,
    peers,
    local: () => app.resilience.snapshot().upstreams,
  });
  const hub = new OpsHub({
    upstreams: app.resilience.list(),
    faults: options.faults,
    log: app.log,
    intervalMs: options.intervalMs,
    replicas,
    replica: id,
  });
  app.decorate('opsStream', hub);
  app.decorate('opsStreamCaps', new StreamCaps(options.limits ?? DEFAULT_ABUSE_LIMITS.opsStreams));
  app.decorate('replicas', replicas);
  app.decorate('replicaId', id);
  // preClose, not onClose: the HTTP server waits for open responses, so streams must end before it closes.
  app.addHook('preClose', async () => hub.close());
});
