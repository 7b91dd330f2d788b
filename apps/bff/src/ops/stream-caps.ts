import { ApiError } from '@storefront/service-kit';
import { rateLimited } from '../http/rate-limited.js';
import type { OpsStreamLimits } from '../limits-config.js';

/** How long a refused console waits before asking again (it reopens by itself, `use-ops-stream.ts`). */
const RETRY_AFTER_MS = 5000;

/**
 * Counts the open ops streams, per client address and in all. Each one holds a socket and is written to every
 * second; without a cap, one client opening streams in a loop holds them all.
 */
export class StreamCaps {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: OpsStreamLimits) {}

  /** Open streams in all. */
  get open(): number {
    return this.total;
  }

  /**
   * Takes a place for a stream of `address`, or throws 429 `RATE_LIMITED` (this address is at its cap) or 503
   * `OPS_STREAMS_FULL` (every place is taken). The returned release must be called once the stream ends.
   */
  acquire(address: string): () => void {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine >= this.limits.perIp) {
      throw rateLimited(
        `This address has ${mine} ops streams open, the most allowed; close one or try again later.`,
        RETRY_AFTER_MS,
      );
    }
    if (this.total >= this.limits.total) {
      throw new ApiError(503, 'OPS_STREAMS_FULL', 'The ops stream has as many clients as it accepts.', {
        details: { retryAfterMs: RETRY_AFTER_MS },
        headers: { 'Retry-After': String(RETRY_AFTER_MS / 1000) },
      });
    }
    this.perAddress.set(address, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    };
  }
}
