// Every BFF replica's breakers in one view, Turbine-style: each replica asks its peers (`BFF_PEERS`) for their
// local state, so `/api/resilience` and the console show all of them whichever replica answers.
import type { ReplicaResilience, UpstreamResilience } from '@storefront/contract';
import { request } from 'undici';

export interface ReplicaViewOptions {
  /** This replica's id (`BFF_REPLICA_ID`). */
  self: string;
  /** The other replicas' base URLs. */
  peers: string[];
  /** This replica's breakers, read without a network hop. */
  local: () => UpstreamResilience[];
  /** Per-peer timeout (default 500 ms): a hung replica must not slow the console down. */
  timeoutMs?: number;
}

function isReplicaAnswer(value: unknown): value is { replica: string; upstreams: UpstreamResilience[] } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.replica === 'string' && Array.isArray(record.upstreams);
}

/** Aggregates the replicas' breakers; a peer that does not answer is listed as unavailable, never an error. */
export class ReplicaView {
  /** The id each peer last answered with, so a silent peer keeps its name. */
  private readonly names = new Map<string, string>();

  constructor(private readonly options: ReplicaViewOptions) {}

  /** This replica first, then each peer in `BFF_PEERS` order. */
  async all(): Promise<ReplicaResilience[]> {
    const self = { replica: this.options.self, available: true, upstreams: this.options.local() };
    const peers = await Promise.all(this.options.peers.map((url) => this.peer(url)));
    return [self, ...peers];
  }

  private async peer(url: string): Promise<ReplicaResilience> {
    const timeoutMs = this.options.timeoutMs ?? 500;
    try {
      const res = await request(`${url}/api/resilience?scope=local`, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
      const body: unknown = await res.body.json();
      if (res.statusCode !== 200 || !isReplicaAnswer(body)) throw new Error(`HTTP ${res.statusCode}`);
      this.names.set(url, body.replica);
      return { replica: body.replica, available: true, upstreams: body.upstreams };
    } catch {
      return { replica: this.names.get(url) ?? url, available: false, upstreams: [] };
    }
  }
}
