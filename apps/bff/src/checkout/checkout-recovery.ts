// Checkouts nobody retries: a shopper who closed the tab after a BFF crash leaves a record holding stock. Every
// replica looks for such records now and then and settles them (the compare-and-sets make concurrent replicas
// harmless); the catalog's expiry sweeper is the last line behind this (decision 010).
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { CheckoutRecordsClient } from '../clients/checkout-records-client.js';
import { UpstreamUnavailableError } from '../upstream/upstream.js';
import type { CheckoutSettler } from './checkout-settler.js';

export interface CheckoutRecoveryOptions {
  /** How often to look (0 = never; default 5 s in `npm start`). */
  everyMs: number;
  /** A record unchanged for this long belongs to no live attempt (default 10 s: above every step's timeout). */
  staleAfterMs: number;
  /** Records settled per look. */
  batch?: number;
}

/** Settles stale unfinished checkout records in the background. */
export class CheckoutRecovery {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly records: CheckoutRecordsClient,
    private readonly settler: CheckoutSettler,
    private readonly log: FastifyBaseLogger,
    private readonly options: CheckoutRecoveryOptions,
  ) {}

  start(): void {
    if (this.options.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look; returns how many records it settled. Never throws (an outage waits for the next look). */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    const requestId = `recovery-${randomUUID()}`;
    let settled = 0;
    try {
      const { staleAfterMs, batch = 50 } = this.options;
      for (const record of await this.records.unfinished(staleAfterMs, batch, requestId)) {
        const after =
          record.state === 'ordered'
            ? await this.settler.finish(record, requestId)
            : await this.settler.undo(record, { to: 'open' }, requestId, staleAfterMs);
        if (after.state !== record.state) {
          settled++;
          this.log.warn({ checkoutId: record.id, from: record.state, to: after.state }, 'checkout recovered');
        }
      }
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) {
        this.log.info({ upstream: error.service, reason: error.reason }, 'checkout recovery postponed');
      } else {
        this.log.error({ err: error }, 'checkout recovery failed');
      }
    } finally {
      this.running = false;
    }
    return settled;
  }
}
