// Every BFF replica's breakers in one view, Turbine-style: each replica asks its peers (`BFF_PEERS`) for their
// local state, so `/api/resilience` and the console show all of them whichever replica answers.
import type { Availability, ReplicaResilience, UpstreamResilience } from '@storefront/contract';
import { request } from 'undici';

export interface ReplicaViewOptions {
  /** This replica's id (`BFF_REPLICA_ID`). */
  self: string;
  /** The other replicas' base URLs. */
  peers: string[];
  /** This replica's breakers, read without a network hop. */
  local: () => UpstreamResilience[];
  /** This replica's availability counts (none when absent). */
  localAvailability?: () => Availability;
  /** Per-peer timeout (default 500 ms): a hung replica must not slow the console down. */
  timeoutMs?: number;
}

function isReplicaAnswer(
  value: unknown,
): value is { replica: string; upstreams: UpstreamResilience[]; availability?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.replica === 'string' && Array.isArray(record.upstreams);
}

/** Enough of a peer's availability to sum its counts (an older peer has none). */
function isAvailability(value: unknown): value is Availability {
  if (typeof value !== 'object' || value === null) return false;
  const { upstreams, pageReads, replicas } = value as Record<string, unknown>;
  return (
    Array.isArray(upstreams) && Array.isArray(replicas) && typeof pageReads === 'object' && pageReads !== null
  );
}

/** Aggregates the replicas' breakers; a peer that does not answer is listed as unavailable, never an error. */
export class ReplicaView {
  /** The id each peer last answered with, so a silent peer keeps its name. */
  private readonly names = new Map<string, string>();

  constructor(private readonly options: ReplicaViewOptions) {}

  /** This replica first, then each peer in `BFF_PEERS` order. */
  async all(): Promise<ReplicaResilience[]> {
    const availability = this.options.localAvailability?.();
    const self = {
      replica: this.options.self,
      available: true,
      upstreams: this.options.local(),
      ...(availability ? { availability } : {}),
    };
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
      const availability = isAvailability(body.availability) ? { availability: body.availability } : {};
      return { replica: body.replica, available: true, upstreams: body.upstreams, ...availability };
    } catch {
      return { replica: this.names.get(url) ?? url, available: false, upstreams: [] };
    }
  }
}
