// What a consumer shows of itself (issue 13), the same for every transport: position, lag, recent and failing
// events. In memory: a view for `/ops`, rebuilt from the saved position when the process restarts.
import type { DomainEvent } from '../sqlite/outbox.js';
import type { ConsumedEvent, ConsumerStatus, EventTransportKind, FailingEvent } from './types.js';

/** Recent events kept per consumer. */
export const RECENT_LIMIT = 100;

/** Retry delay after `attempts` failures: 250 ms doubling to 10 s. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000, 250 * 2 ** Math.max(0, attempts - 1));
}

export class ConsumerTracker {
  running = true;
  position: number;
  head: number | null = null;
  /** Time of the oldest event seen but not handled yet (null: caught up or unknown). */
  oldestPendingAt: string | null = null;
  private lastContactAt: string | null = null;
  private transportError: string | null = null;
  private handled = 0;
  private readonly recent: ConsumedEvent[] = [];
  private readonly failing = new Map<string, FailingEvent>();

  constructor(
    readonly consumer: string,
    readonly source: string,
    readonly transport: EventTransportKind,
    position: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.position = position;
  }

  contact(): void {
    this.lastContactAt = this.now().toISOString();
    this.transportError = null;
  }

  transportFailed(error: unknown): void {
    this.transportError = error instanceof Error ? error.message : String(error);
  }

  /** An event was handled or passed over at `position`. */
  done(event: DomainEvent, position: number, counted: boolean): void {
    this.position = position;
    this.failing.delete(event.id);
    if (!counted) return;
    this.handled += 1;
    this.recent.push({
      eventId: event.id,
      type: event.type,
      correlationId: event.correlationId,
      position,
      at: this.now().toISOString(),
    });
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
  }

  /** The handler threw: how long to wait before the next attempt. */
  failed(event: DomainEvent, error: unknown): number {
    const attempts = (this.failing.get(event.id)?.attempts ?? 0) + 1;
    const delay = retryDelayMs(attempts);
    this.failing.set(event.id, {
      eventId: event.id,
      type: event.type,
      correlationId: event.correlationId,
      attempts,
      lastError: error instanceof Error ? error.message : String(error),
      nextAttemptAt: new Date(this.now().getTime() + delay).toISOString(),
    });
    return delay;
  }

  status(): ConsumerStatus {
    const lag = this.head === null ? null : Math.max(0, this.head - this.position);
    const lagMs =
      lag === null ? null : lag === 0 || this.oldestPendingAt === null ? 0 : this.ageOf(this.oldestPendingAt);
    return {
      consumer: this.consumer,
      source: this.source,
      transport: this.transport,
      running: this.running,
      position: this.position,
      head: this.head,
      lag,
      lagMs,
      lastContactAt: this.lastContactAt,
      transportError: this.transportError,
      handled: this.handled,
      recent: [...this.recent],
      failing: [...this.failing.values()],
    };
  }

  private ageOf(iso: string): number {
    return Math.max(0, this.now().getTime() - Date.parse(iso));
  }
}
