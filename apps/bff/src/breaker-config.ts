import { BREAKER_KINDS } from '@storefront/contract';
import { ConfigError } from '@storefront/service-kit';
import { type Env, lookupSetting } from './env-lookup.js';

/**
 * Which breaker guards an upstream (the contract's list, as `/api/resilience` shows it). `consecutive` opens
 * after N failures in a row (cockatiel's ConsecutiveBreaker); `sampling` opens when the error share over a window
 * passes a rate, once enough calls were seen (cockatiel's SamplingBreaker) — the kind that notices intermittent
 * faults a retry would otherwise hide.
 */
export type BreakerKind = (typeof BREAKER_KINDS)[number];

/**
 * The kind of an upstream without a default of its own, and the sampling breaker's error rate (used as well when
 * the kind is `consecutive`, so switching is one variable). 0.3, not 0.5: with 2 retries a service failing half of
 * its calls fails half of the attempts, which "more than 0.5" crosses only by chance (bench section 9).
 */
export const DEFAULT_BREAKER_KIND: BreakerKind = 'consecutive';
export const DEFAULT_BREAKER_ERROR_RATE = 0.3;

/**
 * Each upstream's default kind, chosen from bench section 9 (docs/benchmarks.md, "Breaker kinds"): the catalog
 * and the account get `sampling`, which stays closed on sporadic errors the retries hide (at 20 % errors the
 * consecutive breaker opened by chance 5 times in 30 s) and still opens on 50 % errors and outages, 1–5 s later.
 * The cart (hangs, writes that are not retried, few calls) and sign-in keep `consecutive`: they fail fast after
 * 3 attempts, however little traffic there is. `BFF_[<UP>_]BREAKER_KIND` wins over these.
 */
export const UPSTREAM_BREAKER_KINDS: Readonly<Record<string, BreakerKind>> = Object.freeze({
  catalog: 'sampling',
  account: 'sampling',
});

export function isBreakerKind(value: unknown): value is BreakerKind {
  return typeof value === 'string' && (BREAKER_KINDS as readonly string[]).includes(value);
}

/** Checks an error rate: cockatiel's SamplingBreaker throws a RangeError outside (0, 1). */
export function isErrorRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1;
}

/** Reads `BFF_[<UP>_]BREAKER_KIND` and `BFF_[<UP>_]BREAKER_ERROR_RATE`; a bad value throws naming the variable. */
export function loadBreakerChoice(
  prefix: string,
  env: Env,
  defaults: { breakerKind?: BreakerKind; breakerErrorRate?: number } = {},
): { breakerKind: BreakerKind; breakerErrorRate: number } {
  const kind = lookupSetting(env, prefix, 'BREAKER_KIND');
  let breakerKind = defaults.breakerKind ?? DEFAULT_BREAKER_KIND;
  if (kind) {
    const text = kind.raw.trim().toLowerCase();
    if (!isBreakerKind(text)) {
      throw new ConfigError(
        `Invalid ${kind.name}=${JSON.stringify(kind.raw)}: expected ${BREAKER_KINDS.join(' or ')}`,
      );
    }
    breakerKind = text;
  }
  const rate = lookupSetting(env, prefix, 'BREAKER_ERROR_RATE');
  let breakerErrorRate = defaults.breakerErrorRate ?? DEFAULT_BREAKER_ERROR_RATE;
  if (rate) {
    const text = rate.raw.trim();
    const value = /^\d*\.?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!isErrorRate(value)) {
      throw new ConfigError(
        `Invalid ${rate.name}=${JSON.stringify(rate.raw)}: expected a number between 0 and 1 (exclusive), e.g. 0.5`,
      );
    }
    breakerErrorRate = value;
  }
  return { breakerKind, breakerErrorRate };
}

/**
 * cockatiel's SamplingBreaker takes a minimum rate (`minimumRps`) and opens only when the calls in its window
 * reach `duration × minimumRps / 1000`; the setting is a call count per window, so convert it back. Half a call
 * less keeps float rounding (and cockatiel rounding the window to whole buckets) from demanding one call more.
 * A count of 0 would make cockatiel fall back to its own guess, hence min 1 in the settings table.
 */
export function minimumRpsFor(minCalls: number, windowMs: number): number {
  return ((minCalls - 0.5) * 1000) / windowMs;
}
