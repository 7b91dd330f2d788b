/** A new Idempotency-Key for one user action. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * Remembers the key of each action (e.g. `PATCH 5 {"quantity":3}`) until it has a final answer, so that a
 * retry of the same action reuses its key and the BFF replays instead of applying it twice.
 */
export class IdempotencyKeys {
  private readonly pending = new Map<string, string>();

  /** The key to send for `action`: the one of its unfinished earlier attempt, or a new one. */
  keyFor(action: string): string {
    let key = this.pending.get(action);
    if (!key) {
      key = newIdempotencyKey();
      this.pending.set(action, key);
    }
    return key;
  }

  /** Forgets the key once the action has a final answer; keeps it while the action may be retried. */
  settle(action: string, retryable: boolean): void {
    if (!retryable) this.pending.delete(action);
  }
}
