import { setTimeout as sleep } from 'node:timers/promises';
// `ALERT_WEBHOOK_URL`: each live notification's raise and clear, POSTed as JSON. Fire and forget: a slow or dead
// receiver must never hold up or fail a shopper's request, so the post runs detached with a short timeout and one
// retry, and a failure is only logged.
import type { OpsNotification } from '@storefront/contract';
import type { FastifyBaseLogger } from 'fastify';
import { request } from 'undici';

export interface AlertWebhookOptions {
  url: string;
  log: Pick<FastifyBaseLogger, 'warn'>;
  /** Per attempt (default 2000 ms). */
  timeoutMs?: number;
  /** Pause before the one retry (default 500 ms). */
  retryDelayMs?: number;
}

/** The body each post carries. */
export interface AlertWebhookBody {
  status: 'firing' | 'resolved';
  notification: OpsNotification;
}

export class AlertWebhook {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: AlertWebhookOptions) {}

  /** Posts in the background; never throws. */
  send(status: AlertWebhookBody['status'], notification: OpsNotification): void {
    const delivery = this.deliver({ status, notification }).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Waits for the posts under way (tests, and a graceful close). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async deliver(body: AlertWebhookBody): Promise<void> {
    const payload = JSON.stringify(body);
    let lastError: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await this.post(payload);
        return;
      } catch (error) {
        lastError = error;
        if (attempt === 1) await sleep(this.options.retryDelayMs ?? 500);
      }
    }
    this.options.log.warn(
      { err: lastError, status: body.status, notification: body.notification.id },
      'alert webhook failed after one retry',
    );
  }

  private async post(payload: string): Promise<void> {
    const res = await request(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000),
    });
    // Drain the body so the connection is reused; only the status matters.
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}`);
  }
}
