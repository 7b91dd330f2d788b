import type { UpstreamResilience } from '@storefront/contract';
import type { Upstream } from './upstream.js';

/** All upstreams of this BFF instance, by name. */
export class ResilienceRegistry {
  private readonly upstreams = new Map<string, Upstream>();

  /** Adds an upstream; names are unique. */
  add(upstream: Upstream): Upstream {
    if (this.upstreams.has(upstream.name))
      throw new Error(`Upstream "${upstream.name}" is already registered`);
    this.upstreams.set(upstream.name, upstream);
    return upstream;
  }

  /** The upstream of that name; throws when it was never registered (a wiring bug). */
  get(name: string): Upstream {
    const upstream = this.upstreams.get(name);
    if (!upstream) throw new Error(`Upstream "${name}" is not registered`);
    return upstream;
  }

  /** Every upstream, in registration order. */
  list(): Upstream[] {
    return [...this.upstreams.values()];
  }

  /** The `/api/resilience` document. */
  snapshot(): { upstreams: UpstreamResilience[] } {
    return { upstreams: this.list().map((upstream) => upstream.snapshot()) };
  }
}
