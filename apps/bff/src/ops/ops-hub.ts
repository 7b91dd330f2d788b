import type { ServerResponse } from 'node:http';
import type { Availability, OpsFaults, OpsReplica, OpsSnapshot, OpsTransition } from '@storefront/contract';
import type { FastifyBaseLogger } from 'fastify';
import type { FaultProxyClient } from '../clients/fault-proxy-client.js';
import type { Upstream } from '../upstream/upstream.js';
import type { AlertEvaluator } from './alerts.js';
import { mergeAvailability } from './availability-meter.js';
import type { ReplicaView } from './replica-view.js';

export interface OpsHubOptions {
  upstreams: Upstream[];
  /** The fault proxy's control API; null when demo mode is off. */
  faults: FaultProxyClient | null;
  log: Pick<FastifyBaseLogger, 'warn'>;
  /** Snapshot period (default 1000 ms). */
  intervalMs?: number;
  /** Every replica's breakers (this one first). */
  replicas: ReplicaView;
  /** This replica's id. */
  replica: string;
  /** This replica's live notifications (none when absent). */
  alerts?: AlertEvaluator;
}

/** A client that stopped reading is dropped beyond this much buffered output, instead of growing memory. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Fans the ops stream out to every connected client with one shared timer and one fault-proxy poll per
 * tick. The timer and the upstream subscriptions exist only while at least one client is connected.
 */
export class OpsHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly upstreams: Upstream[];
  private readonly faultsClient: FaultProxyClient | null;
  private readonly log: Pick<FastifyBaseLogger, 'warn'>;
  private readonly intervalMs: number;
  private readonly replicas: ReplicaView;
  private readonly replica: string;
  private readonly alerts: AlertEvaluator | undefined;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribers: Array<() => void> = [];
  private faultsCache: { at: number; value: Promise<OpsFaults> } | null = null;
  private tickRunning = false;
  private closed = false;

  constructor(options: OpsHubOptions) {
    this.upstreams = options.upstreams;
    this.faultsClient = options.faults;
    this.log = options.log;
    this.intervalMs = options.intervalMs ?? 1000;
    this.replicas = options.replicas;
    this.replica = options.replica;
    this.alerts = options.alerts;
  }

  /** Connected clients. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Whether the shared timer runs. */
  get ticking(): boolean {
    return this.timer !== null;
  }

  /** Adds a client whose headers are written, and sends it a first snapshot at once. */
  async join(res: ServerResponse): Promise<void> {
    if (this.closed) {
      res.end();
      return;
    }
    this.clients.add(res);
    res.once('close', () => this.leave(res));
    if (this.clients.size === 1) this.start();
    try {
      const snapshot = await this.snapshot();
      this.send(res, 'snapshot', snapshot);
    } catch (error) {
      this.log.warn({ err: error }, 'ops stream snapshot failed');
    }
  }

  /** Ends every stream and stops the timer (the app is closing). */
  close(): void {
    this.closed = true;
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stop();
  }

  /** Builds the `snapshot` event's data (docs/fault-injection.md, "Live stream for the console"). */
  async snapshot(): Promise<OpsSnapshot> {
    const [faults, { replicas, availability }] = await Promise.all([this.faults(), this.replicaStates()]);
    return {
      at: new Date().toISOString(),
      replica: this.replica,
      replicas,
      upstreams: this.upstreams.map((upstream) => {
        const { state, retryAfterMs, counts, config } = upstream.snapshot();
        return {
          name: upstream.name,
          state,
          retryAfterMs,
          window: upstream.windowSnapshot(),
          counts,
          transitions: upstream.recentTransitions(),
          breaker: config.breaker,
        };
      }),
      faults,
      notifications: this.alerts?.list() ?? { active: [], cleared: [] },
      ...(availability ? { availability } : {}),
    };
  }

  private leave(res: ServerResponse): void {
    if (!this.clients.delete(res)) return;
    if (this.clients.size === 0) this.stop();
  }

  private start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    for (const upstream of this.upstreams) {
      this.unsubscribers.push(
        upstream.onEvent((event) => {
          if (event.type !== 'transition') return;
          const data: OpsTransition = { upstream: upstream.name, ...event.transition };
          for (const res of this.clients) this.send(res, 'transition', data);
        }),
      );
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }

  private async tick(): Promise<void> {
    // A slow fault proxy must not pile ticks up: skip while the previous one still waits.
    if (this.tickRunning || this.clients.size === 0) return;
    this.tickRunning = true;
    try {
      const snapshot = await this.snapshot();
      for (const res of this.clients) this.send(res, 'snapshot', snapshot);
    } catch (error) {
      this.log.warn({ err: error }, 'ops stream snapshot failed');
    } finally {
      this.tickRunning = false;
    }
  }

  /**
   * Each replica's breaker states (state only: the stream already carries this replica's details), and every
   * replica's availability counts summed.
   */
  private async replicaStates(): Promise<{ replicas: OpsReplica[]; availability: Availability | null }> {
    const all = await this.replicas.all();
    const replicas = all.map(({ replica, available, upstreams }) => ({
      replica,
      available,
      upstreams: upstreams.map(({ name, state, retryAfterMs }) => ({ name, state, retryAfterMs })),
    }));
    return {
      replicas,
      availability: mergeAvailability(all.flatMap(({ availability }) => availability ?? [])),
    };
  }

  /** One control-API poll per tick, shared by every client (and by clients joining in between). */
  private faults(): Promise<OpsFaults> {
    if (!this.faultsClient) return Promise.resolve({ available: false, targets: [] });
    const now = Date.now();
    if (this.faultsCache && now - this.faultsCache.at < this.intervalMs / 2) return this.faultsCache.value;
    const value = this.faultsClient.faults(this.intervalMs);
    this.faultsCache = { at: now, value };
    return value;
  }

  private send(res: ServerResponse, event: string, data: unknown): void {
    if (!this.clients.has(res) || res.destroyed || res.writableEnded) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}
