import { definePlugin } from '@storefront/service-kit';
import type { FaultProxyClient } from '../clients/fault-proxy-client.js';
import { DEFAULT_ABUSE_LIMITS, type OpsStreamLimits } from '../limits-config.js';
import { AlertWebhook } from '../ops/alert-webhook.js';
import { AlertEvaluator } from '../ops/alerts.js';
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
    /** This replica's live notifications (the alert rules' conditions). */
    alerts: AlertEvaluator;
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
  /** `ALERT_WEBHOOK_URL`: where each notification's raise and clear is POSTed (none when unset). */
  alertWebhookUrl?: string;
}

/** How often the windowed conditions are re-checked when no call or transition comes (a window ages out). */
const ALERT_EVALUATION_MS = 1000;

/** The ops stream's hub (`app.opsStream`) and the replicas' view (`app.replicas`); needs the resilience plugin. */
export const opsStreamPlugin = definePlugin<OpsStreamOptions>('ops-stream', async (app, options) => {
  const { id, peers } = options.replica ?? { id: 'bff', peers: [] };
  const replicas = new ReplicaView({
    self: id,
    peers,
    local: () => app.resilience.snapshot().upstreams,
    localAvailability: () => app.availability.snapshot(),
  });
  const webhook = options.alertWebhookUrl
    ? new AlertWebhook({ url: options.alertWebhookUrl, log: app.log })
    : null;
  // The console hears of a notification with the next snapshot (every second): well within the 2 s it is
  // promised, and a snapshot pushed at the transition itself would be taken before the failing request is counted.
  const alerts = new AlertEvaluator({
    replica: id,
    onChange: (status, notification) => webhook?.send(status, notification),
  });
  alerts.watch(app.resilience.list());
  const evaluation = setInterval(() => alerts.evaluate(), ALERT_EVALUATION_MS);
  evaluation.unref();
  const hub = new OpsHub({
    upstreams: app.resilience.list(),
    faults: options.faults,
    log: app.log,
    intervalMs: options.intervalMs,
    replicas,
    replica: id,
    alerts,
  });
  app.decorate('opsStream', hub);
  app.decorate('alerts', alerts);
  app.decorate('opsStreamCaps', new StreamCaps(options.limits ?? DEFAULT_ABUSE_LIMITS.opsStreams));
  app.decorate('replicas', replicas);
  app.decorate('replicaId', id);
  // preClose, not onClose: the HTTP server waits for open responses, so streams must end before it closes.
  app.addHook('preClose', async () => hub.close());
  app.addHook('onClose', async () => {
    clearInterval(evaluation);
    alerts.close();
    await webhook?.settled();
  });
});
