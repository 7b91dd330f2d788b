import type {
  BreakerState,
  DegradedReason,
  Transition,
  UpstreamCounts,
  UpstreamResilience,
  UpstreamWindow,
} from '@storefront/contract';
import {
  ApiError,
  activeTraceFields,
  type ClientSpanScope,
  type ServiceCredential,
} from '@storefront/service-kit';
import {
  BrokenCircuitError,
  type BulkheadPolicy,
  BulkheadRejectedError,
  bulkhead as bulkheadPolicy,
  type CircuitBreakerPolicy,
  CircuitState,
  circuitBreaker,
  ExponentialBackoff,
  type FailureReason,
  handleWhen,
  type IPolicy,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type { FastifyBaseLogger } from 'fastify';
import type { ResilienceConfig } from '../config.js';
import {
  UpstreamFailureError,
  UpstreamHttpError,
  UpstreamInvalidResponseError,
  UpstreamNetworkError,
} from '../errors.js';
import { breakerRule, breakerSettings, makeBreaker } from './breaker.js';
import { LruCache } from './lru-cache.js';
import { RollingWindow } from './rolling-window.js';
import { queryString, savedCopyKey } from './saved-copy-key.js';
import { fetchTransport, type Transport, type TransportResponse, undiciTransport } from './transport.js';
import type {
  BulkheadRoom,
  UpstreamEvent,
  UpstreamOutcome,
  UpstreamRequest,
  UpstreamResponse,
} from './types.js';
import { recordPolicyEvent, traceAttempt, traceCall } from './upstream-tracing.js';

/** How many transitions each upstream keeps for the ops stream. */
export const MAX_TRANSITIONS = 50;

/** Logger subset used for transition logs (a pino / Fastify logger fits). */
export type TransitionLogger = Pick<FastifyBaseLogger, 'info' | 'warn'>;

export interface UpstreamOptions {
  name: string;
  baseUrl: string;
  config: ResilienceConfig;
  logger: TransitionLogger;
  /** Replaces undici's request with a fetch function (fake-clock tests). */
  fetch?: typeof fetch;
  /** Wall clock of the rolling window and the fresh window (defaults to Date.now). */
  now?: () => number;
  /**
   * Signs each attempt for the service (method, path, identity headers, the time): the services refuse writes
   * and identity headers without it. Absent, requests go unsigned (unit tests of the policy only).
   */
  credential?: ServiceCredential;
}

interface SavedCopy {
  response: UpstreamResponse;
  savedAt: string;
  /** Clock time of the save (`now` option), for the fresh window. */
  savedAtMs: number;
}

/** Thrown when a call fails and no saved copy can stand in: 503 with Retry-After. */
export class UpstreamUnavailableError extends ApiError {
  override readonly name = 'UpstreamUnavailableError';

  constructor(
    readonly service: string,
    readonly breaker: BreakerState,
    readonly retryAfterMs: number,
    readonly reason: DegradedReason,
    cause: unknown,
    /**
     * True when no attempt can have reached the service (breaker open, bulkhead full, connection refused): a
     * write certainly changed nothing, so a saga may compensate at once instead of looking first.
     */
    readonly certainlyNotSent = false,
  ) {
    super(503, 'UPSTREAM_UNAVAILABLE', `${service} is unavailable`, {
      details: { service, breaker, retryAfterMs },
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
      cause,
    });
  }
}

/** Minimum hint given to clients so that they never retry in a tight loop. */
const MIN_CLIENT_RETRY_AFTER_MS = 1000;

function isUpstreamFailure(error: Error): boolean {
  return error instanceof UpstreamFailureError || error instanceof TaskCancelledError;
}

/** ECONNREFUSED anywhere in the cause chain (undici and fetch wrap it differently). */
function isConnectionRefused(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if ((current as NodeJS.ErrnoException).code === 'ECONNREFUSED') return true;
    current = current.cause;
  }
  return false;
}

function toBreakerState(state: CircuitState): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      // Open and Isolated (held open by hand) both refuse calls.
      return 'open';
  }
}

/**
 * One upstream service behind `bulkhead(retry(breaker(timeout(fetch))))`, with its counters,
 * breaker transition log and last-known-good store. Cart and account get their own instance.
 */
export class Upstream {
  readonly name: string;
  readonly baseUrl: string;
  readonly config: ResilienceConfig;
  private readonly logger: TransitionLogger;
  private readonly transport: Transport;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly readPolicy: IPolicy;
  private readonly writePolicy: IPolicy;
  private readonly saved: LruCache<SavedCopy>;
  private readonly savedSearches: LruCache<SavedCopy>;
  private readonly listeners = new Set<(event: UpstreamEvent) => void>();
  /** Shared GETs in flight (only with freshMs > 0): identical requests wait for the same upstream call. */
  private readonly inflight = new Map<string, Promise<UpstreamOutcome>>();
  private readonly counts: UpstreamCounts = {
    successful: 0,
    failed: 0,
    timeout: 0,
    notPermitted: 0,
    rejected: 0,
    fallback: 0,
    retries: 0,
  };
  private currentState: BreakerState = 'closed';
  private openedAt: number | null = null;
  private pendingReason = '';
  private lastTransition: Transition | null = null;
  /** The last MAX_TRANSITIONS transitions, oldest first. */
  private readonly transitions: Transition[] = [];
  private readonly window: RollingWindow;
  private readonly clock: () => number;
  private readonly credential: ServiceCredential | undefined;

  constructor(options: UpstreamOptions) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.config = options.config;
    this.logger = options.logger;
    this.transport = options.fetch ? fetchTransport(options.fetch) : undiciTransport;
    this.saved = new LruCache(options.config.lkgMaxEntries);
    this.savedSearches = new LruCache(options.config.lkgSearchMaxEntries);
    this.window = new RollingWindow({ now: options.now });
    this.clock = options.now ?? Date.now;
    this.credential = options.credential;

    const failures = handleWhen(isUpstreamFailure);
    // An attempt returns only once it has read the whole body: nothing is left to abort after a success, so the
    // policy need not abort (and build a DOMException) on every successful call.
    const timeoutPolicy = timeout(this.config.timeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    this.breaker = circuitBreaker(failures, {
      halfOpenAfter: this.config.halfOpenAfterMs,
      breaker: makeBreaker(this.config),
    });
    // Only upstream failures are retried: a BrokenCircuitError or BulkheadRejectedError is not handled,
    // and 4xx answers are values, not errors.
    const retryPolicy = retry(failures, {
      maxAttempts: this.config.retryAttempts,
      backoff: new ExponentialBackoff({
        initialDelay: this.config.retryInitialDelayMs,
        maxDelay: this.config.retryMaxDelayMs,
      }),
    });
    this.bulkhead = bulkheadPolicy(this.config.bulkheadLimit, this.config.bulkheadQueue);
    this.readPolicy = wrap(this.bulkhead, retryPolicy, this.breaker, timeoutPolicy);
    this.writePolicy = wrap(this.bulkhead, this.breaker, timeoutPolicy);

    retryPolicy.onRetry((retried) => {
      this.counts.retries++;
      this.emit({ type: 'retry' });
      const reason = 'error' in retried ? this.describeFailure(retried) : 'rejected result';
      recordPolicyEvent({ name: 'retry', attempt: retried.attempt + 1, delayMs: retried.delay, reason });
    });
    // The breaker's own executor sees every attempt that was let through, timeout included.
    this.breaker.onSuccess(({ duration }) => this.recordAttempt('successful', duration));
    this.breaker.onFailure(({ duration, reason }) =>
      this.recordAttempt(
        'error' in reason && reason.error instanceof TaskCancelledError ? 'timeout' : 'failed',
        duration,
      ),
    );
    this.breaker.onBreak((reason) => {
      this.openedAt = Date.now();
      const last = 'isolated' in reason ? 'isolated by hand' : this.describeFailure(reason);
      this.pendingReason =
        this.currentState === 'half-open'
          ? `probe failed: ${last}`
          : `${breakerRule(this.config)} (last: ${last})`;
    });
    this.breaker.onHalfOpen(() => {
      this.pendingReason = 'cooldown elapsed, probing';
    });
    this.breaker.onReset(() => {
      this.openedAt = null;
      this.pendingReason = this.currentState === 'half-open' ? 'probe succeeded' : 'reset';
    });
    this.breaker.onStateChange((state) => this.recordTransition(toBreakerState(state)));
  }

  /** Current breaker state. */
  get state(): BreakerState {
    return this.currentState;
  }

  /** Time left until the breaker lets a probe through (0 unless open). */
  retryAfterMs(): number {
    if (this.currentState !== 'open' || this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.config.halfOpenAfterMs - Date.now());
  }

  /** Free execution slots and queued requests of the bulkhead right now (read at scrape time by /metrics). */
  bulkheadRoom(): BulkheadRoom {
    return {
      available: this.bulkhead.executionSlots,
      // cockatiel reports the queue's free places; what waits is the rest of it.
      queued: Math.max(0, this.config.bulkheadQueue - this.bulkhead.queueSlots),
    };
  }

  /** Subscribes to calls, retries, transitions and saved copies served; returns the unsubscribe function. */
  onEvent(listener: (event: UpstreamEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of event listeners (tests check that subscribers clean up). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Requests of the last 30 s (one per request, whatever its attempts): rate, error share, latency. */
  windowSnapshot(): UpstreamWindow {
    return this.window.snapshot();
  }

  /** The last 50 breaker transitions, oldest first. */
  recentTransitions(): Transition[] {
    return this.transitions.map((transition) => ({ ...transition }));
  }

  /** State, counters, last transition and config for `/api/resilience`. */
  snapshot(): UpstreamResilience {
    return {
      name: this.name,
      state: this.currentState,
      retryAfterMs: this.retryAfterMs(),
      counts: { ...this.counts },
      lastTransition: this.lastTransition ? { ...this.lastTransition } : null,
      config: { ...this.config, breaker: breakerSettings(this.config) },
    };
  }

  /**
   * Calls the upstream through the policy. GETs are retried, and their 2xx answers saved; when the
   * policy fails a GET is answered from the saved copy if there is one. Otherwise throws
   * UpstreamUnavailableError. 4xx answers come back as live responses.
   */
  async request(request: UpstreamRequest): Promise<UpstreamOutcome> {
    const started = performance.now();
    // A saved copy still means the upstream failed this request, so it counts as an error.
    let failed = true;
    try {
      const outcome = await this.execute(request);
      failed = outcome.source === 'saved';
      return outcome;
    } finally {
      this.window.record(failed, performance.now() - started);
    }
  }

  private execute(request: UpstreamRequest): Promise<UpstreamOutcome> {
    const key = savedCopyKey(request);
    // Only shared answers (no caller scope, no identity header) may be reused for someone else.
    const shareable = this.config.freshMs > 0 && key !== null && request.savedCopy === undefined;
    if (!shareable) return this.callOnce(request, key);
    const copy = this.budgetOf(request).get(key);
    const age = copy ? this.clock() - copy.savedAtMs : Number.POSITIVE_INFINITY;
    if (copy && age >= 0 && age < this.config.freshMs) {
      this.emit({ type: 'fresh-hit' });
      recordPolicyEvent({ name: 'fresh-copy', ageMs: age });
      return Promise.resolve({ source: 'live', response: copy.response });
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const call = this.callOnce(request, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }

  /** One call through the policy, in its own span (a fresh copy makes none: it is only an event). */
  private callOnce(request: UpstreamRequest, key: string | null): Promise<UpstreamOutcome> {
    return traceCall(this.name, request.method ?? 'GET', request.path, () => this.executeOnce(request, key));
  }

  private async executeOnce(request: UpstreamRequest, key: string | null): Promise<UpstreamOutcome> {
    const method = request.method ?? 'GET';
    // A keyed write is as safe to repeat as a read: the service replays it (docs/cart-and-account.md).
    const retryable = method === 'GET' || request.idempotencyKey !== undefined || request.repeatable === true;
    const policy = retryable ? this.readPolicy : this.writePolicy;
    const sent = { maybe: false };
    try {
      const response = await policy.execute((context) =>
        // The retry policy numbers its calls from 0; a write's policy has no retry (one attempt).
        traceAttempt(this.name, ('attempt' in context ? Number(context.attempt) : 0) + 1, method, (span) =>
          this.attempt(method, request, context.signal, sent, span),
        ),
      );
      if (key !== null && response.status >= 200 && response.status < 300) {
        this.budgetOf(request).set(key, {
          response,
          savedAt: new Date().toISOString(),
          savedAtMs: this.clock(),
        });
      }
      return { source: 'live', response };
    } catch (error) {
      const reason = this.degradedReason(error);
      if (reason === null) throw error;
      const copy = key === null ? undefined : this.budgetOf(request).get(key);
      const retryAfterMs = Math.max(MIN_CLIENT_RETRY_AFTER_MS, this.retryAfterMs());
      if (copy) {
        this.count('fallback');
        const ageMs = Math.max(0, this.clock() - copy.savedAtMs);
        this.emit({ type: 'saved-copy', ageSeconds: ageMs / 1000 });
        recordPolicyEvent({ name: 'saved-copy', ageMs, reason });
        return {
          source: 'saved',
          response: copy.response,
          degraded: { service: this.name, reason, savedAt: copy.savedAt, retryAfterMs },
        };
      }
      throw new UpstreamUnavailableError(
        this.name,
        this.currentState,
        retryAfterMs,
        reason,
        error,
        // A timed-out attempt may have been sent even if its transport never said so.
        !sent.maybe && reason !== 'timeout',
      );
    }
  }

  /** Drops the saved copy of one request (e.g. a session lookup after sign-out). */
  forget(request: UpstreamRequest): void {
    const key = savedCopyKey(request);
    if (key !== null) this.budgetOf(request).delete(key);
  }

  /** The saved-copy budget a request's answer lives in. */
  private budgetOf(request: UpstreamRequest): LruCache<SavedCopy> {
    return request.search === true ? this.savedSearches : this.saved;
  }

  /** Builds the 503 given when an answer exists only as a saved copy but must be live. */
  unavailable(reason: DegradedReason, cause: unknown = null): UpstreamUnavailableError {
    const retryAfterMs = Math.max(MIN_CLIENT_RETRY_AFTER_MS, this.retryAfterMs());
    return new UpstreamUnavailableError(this.name, this.currentState, retryAfterMs, reason, cause);
  }

  private async attempt(
    method: string,
    request: UpstreamRequest,
    signal: AbortSignal,
    sent: { maybe: boolean },
    span: ClientSpanScope,
  ): Promise<UpstreamResponse> {
    const search = request.query ? queryString(request.query) : '';
    const url = `${this.baseUrl}${request.path}${search ? `?${search}` : ''}`;
    const headers: Record<string, string> = {
      ...request.headers,
      accept: 'application/json, image/svg+xml;q=0.9, */*;q=0.1',
      'x-request-id': request.requestId,
    };
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    if (this.credential) {
      // Signed per attempt, so a retry carries a fresh timestamp. The path is signed as it goes on the wire:
      // the transport sends the URL's normalized pathname and search, which is what the service sees.
      const target = new URL(url);
      Object.assign(headers, this.credential.sign(method, `${target.pathname}${target.search}`, headers));
    }
    // After signing, as the undici instrumentation added it before: trace context is not part of the signature.
    Object.assign(headers, span.traceHeaders);
    span.setAttributes({ 'url.full': url });
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    let res: TransportResponse;
    try {
      res = await this.transport(url, { method, headers, body, signal });
    } catch (error) {
      // Only a refused connection proves the request never left; a reset or a timeout may follow a commit.
      if (!isConnectionRefused(error)) sent.maybe = true;
      throw new UpstreamNetworkError(this.name, error);
    }
    sent.maybe = true;
    span.setAttributes({ 'http.response.status_code': res.status });
    const raw = res.body;
    if (res.status >= 500) throw new UpstreamHttpError(this.name, res.status);
    if (res.status < 200 || (res.status >= 300 && res.status < 400)) {
      throw new UpstreamInvalidResponseError(this.name, `unexpected status ${res.status}`);
    }
    const { contentType } = res;
    let json: unknown;
    if (/[/+]json\b/i.test(contentType)) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        // A broken 2xx body is the upstream's fault; a broken 4xx body is only passed on.
        if (res.status < 400) throw new UpstreamInvalidResponseError(this.name, 'body is not valid JSON');
      }
    }
    return { status: res.status, contentType, body: raw, json, replayed: res.replayed };
  }

  private degradedReason(error: unknown): DegradedReason | null {
    if (error instanceof BrokenCircuitError) {
      this.count('not_permitted');
      recordPolicyEvent({ name: 'breaker.rejected', state: this.currentState });
      return 'circuit-open';
    }
    if (error instanceof BulkheadRejectedError) {
      this.count('rejected');
      recordPolicyEvent({ name: 'bulkhead.rejected' });
      return 'upstream-error';
    }
    if (error instanceof TaskCancelledError) return 'timeout';
    if (error instanceof UpstreamFailureError) return 'upstream-error';
    return null;
  }

  private describeFailure(reason: FailureReason<unknown>): string {
    if (!('error' in reason)) return 'rejected result';
    const { error } = reason;
    if (error instanceof TaskCancelledError) return `timeout after ${this.config.timeoutMs}ms`;
    if (error instanceof UpstreamFailureError) return error.describe();
    return error.message;
  }

  private recordAttempt(kind: 'successful' | 'failed' | 'timeout', durationMs: number): void {
    this.counts[kind]++;
    this.emit({ type: 'call', kind, durationSeconds: durationMs / 1000 });
  }

  private count(kind: 'not_permitted' | 'rejected' | 'fallback'): void {
    if (kind === 'not_permitted') this.counts.notPermitted++;
    else this.counts[kind]++;
    this.emit({ type: 'call', kind });
  }

  private recordTransition(to: BreakerState): void {
    const from = this.currentState;
    if (from === to) return;
    this.currentState = to;
    const transition: Transition = {
      from,
      to,
      at: new Date().toISOString(),
      reason: this.pendingReason || 'state change',
    };
    this.pendingReason = '';
    this.lastTransition = transition;
    this.transitions.push(transition);
    if (this.transitions.length > MAX_TRANSITIONS) this.transitions.shift();
    // The call that moved the breaker names its trace: the transition can be followed to its request.
    const fields = { upstream: this.name, from, to, reason: transition.reason, ...activeTraceFields() };
    if (to === 'open') this.logger.warn(fields, 'breaker transition');
    else this.logger.info(fields, 'breaker transition');
    this.emit({ type: 'transition', transition });
  }

  private emit(event: UpstreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
