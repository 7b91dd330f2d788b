// The alert rules of observability/prometheus/alerts.yml, evaluated live by the BFF from what each upstream already
// reports (its transitions and call outcomes), so /ops can show them at once instead of after Prometheus' `for`.
import type {
  NotificationCondition,
  OpsNotification,
  OpsNotifications,
  Transition,
} from '@storefront/contract';
import type { UpstreamEvent } from '../upstream/types.js';

/** What the evaluator needs of an upstream (the real `Upstream` has it). */
export interface AlertSource {
  name: string;
  onEvent(listener: (event: UpstreamEvent) => void): () => void;
}

export interface AlertEvaluatorOptions {
  replica: string;
  /** Told of every raise and clear (the webhook). */
  onChange?: (status: 'firing' | 'resolved', notification: OpsNotification) => void;
  /** Cleared notifications kept for the console (default 20). */
  keepCleared?: number;
  clock?: () => number;
}

const FLAP_WINDOW_MS = 10 * 60_000;
const FLAP_THRESHOLD = 7;
const CALL_WINDOW_MS = 2 * 60_000;
const ERROR_SHARE = 0.2;
const MIN_ATTEMPTS_PER_SEC = 0.1;

const SEVERITY: Record<NotificationCondition, OpsNotification['severity']> = {
  'breaker-open': 'critical',
  'breaker-flapping': 'warning',
  'error-rate-high': 'warning',
  'no-successful-calls': 'critical',
};

/** One second's calls: per-second buckets keep memory flat however busy the upstream is. */
interface CallBucket {
  second: number;
  successful: number;
  errors: number;
  refused: number;
}

interface Calls {
  /** The last 2 minutes' attempts and refusals, one bucket per second with any, oldest first. */
  recent: CallBucket[];
  /** Times of transitions out of or into `closed` in the last 10 minutes. */
  flips: number[];
}

/** Raises and clears each upstream's notifications; `evaluate()` re-checks the windowed conditions. */
export class AlertEvaluator {
  private readonly active = new Map<string, OpsNotification>();
  private readonly cleared: OpsNotification[] = [];
  private readonly calls = new Map<string, Calls>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly clock: () => number;
  private readonly keepCleared: number;

  constructor(private readonly options: AlertEvaluatorOptions) {
    this.clock = options.clock ?? Date.now;
    this.keepCleared = options.keepCleared ?? 20;
  }

  /** Subscribes to the upstreams' events. */
  watch(sources: AlertSource[]): void {
    for (const source of sources) {
      this.calls.set(source.name, { recent: [], flips: [] });
      this.unsubscribers.push(source.onEvent((event) => this.onEvent(source.name, event)));
    }
  }

  close(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers.length = 0;
  }

  /** Active notifications (oldest first), then the last cleared (newest first). */
  list(): OpsNotifications {
    return {
      active: [...this.active.values()].map((n) => ({ ...n })),
      cleared: this.cleared.map((n) => ({ ...n })),
    };
  }

  /** Re-checks the windowed conditions (flapping, error rate, no success) of every upstream. */
  evaluate(): void {
    for (const upstream of this.calls.keys()) this.evaluateUpstream(upstream);
  }

  private onEvent(upstream: string, event: UpstreamEvent): void {
    const calls = this.calls.get(upstream);
    if (!calls) return;
    const now = this.clock();
    if (event.type === 'transition') {
      this.onTransition(upstream, event.transition, calls, now);
      this.evaluateUpstream(upstream);
      return;
    }
    if (event.type !== 'call') return;
    const { kind } = event;
    if (kind !== 'successful' && kind !== 'failed' && kind !== 'timeout' && kind !== 'not_permitted') return;
    const second = Math.floor(now / 1000);
    let bucket = calls.recent.at(-1);
    if (bucket?.second !== second) {
      bucket = { second, successful: 0, errors: 0, refused: 0 };
      calls.recent.push(bucket);
    }
    if (kind === 'successful') bucket.successful++;
    else if (kind === 'not_permitted') bucket.refused++;
    else bucket.errors++;
    // Only counted: a call is on a request's path. The windowed conditions are re-checked by `evaluate()` every
    // second, which is when the console would see them anyway (its next snapshot).
  }

  private onTransition(upstream: string, transition: Transition, calls: Calls, now: number): void {
    if (transition.from === 'closed' || transition.to === 'closed') calls.flips.push(now);
    // Raised at the transition itself: half-open keeps it (the probe may fail), only closing clears it.
    if (transition.to === 'open') {
      this.raise(
        'breaker-open',
        upstream,
        `Breaker for ${upstream} opened on ${this.options.replica} (${transition.reason}): calls fail fast and ` +
          'shoppers get saved copies or placeholders. Prometheus’ BreakerOpen pages someone after 30 s not closed.',
      );
    } else if (transition.to === 'closed') {
      this.clear('breaker-open', upstream);
    }
  }

  private evaluateUpstream(upstream: string): void {
    const calls = this.calls.get(upstream);
    if (!calls) return;
    const now = this.clock();
    const oldestSecond = Math.floor((now - CALL_WINDOW_MS) / 1000);
    while (calls.recent.length > 0 && (calls.recent[0]?.second ?? oldestSecond + 1) <= oldestSecond) {
      calls.recent.shift();
    }
    while (calls.flips.length > 0 && (calls.flips[0] ?? now) <= now - FLAP_WINDOW_MS) calls.flips.shift();

    const flips = calls.flips.length;
    this.set(
      flips >= FLAP_THRESHOLD,
      'breaker-flapping',
      upstream,
      `Breaker for ${upstream} on ${this.options.replica} opened or closed ${flips} times in 10 minutes ` +
        `(threshold ${FLAP_THRESHOLD}): the upstream fails intermittently.`,
    );

    let successful = 0;
    let errors = 0;
    let refused = 0;
    for (const bucket of calls.recent) {
      successful += bucket.successful;
      errors += bucket.errors;
      refused += bucket.refused;
    }
    const attempts = successful + errors;
    const perSec = attempts / (CALL_WINDOW_MS / 1000);
    const share = attempts === 0 ? 0 : errors / attempts;
    this.set(
      share > ERROR_SHARE && perSec >= MIN_ATTEMPTS_PER_SEC,
      'error-rate-high',
      upstream,
      `${Math.round(share * 100)} % of ${attempts} attempts to ${upstream} from ${this.options.replica} failed or ` +
        `timed out in the last 2 minutes (${perSec.toFixed(2)}/s; threshold 20 % at ≥ 0.1/s).`,
    );
    this.set(
      errors + refused > 0 && successful === 0,
      'no-successful-calls',
      upstream,
      `No successful call to ${upstream} from ${this.options.replica} in the last 2 minutes ` +
        `(${errors} failed or timed out, ${refused} refused by the open breaker).`,
    );
  }

  private set(firing: boolean, condition: NotificationCondition, upstream: string, message: string): void {
    if (firing) this.raise(condition, upstream, message);
    else this.clear(condition, upstream);
  }

  private raise(condition: NotificationCondition, upstream: string, message: string): void {
    const key = `${condition}/${upstream}`;
    const current = this.active.get(key);
    if (current) {
      // Keep the figures current, without announcing it again.
      current.message = message;
      return;
    }
    const since = new Date(this.clock()).toISOString();
    const notification: OpsNotification = {
      id: `${condition}/${this.options.replica}/${upstream}/${since}`,
      condition,
      upstream,
      replica: this.options.replica,
      severity: SEVERITY[condition],
      since,
      clearedAt: null,
      message,
    };
    this.active.set(key, notification);
    this.options.onChange?.('firing', { ...notification });
  }

  private clear(condition: NotificationCondition, upstream: string): void {
    const key = `${condition}/${upstream}`;
    const current = this.active.get(key);
    if (!current) return;
    this.active.delete(key);
    current.clearedAt = new Date(this.clock()).toISOString();
    this.cleared.unshift(current);
    this.cleared.length = Math.min(this.cleared.length, this.keepCleared);
    this.options.onChange?.('resolved', { ...current });
  }
}
