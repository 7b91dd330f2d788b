import type { BreakerSettings } from '@storefront/contract';
import { ConsecutiveBreaker, type IBreaker, SamplingBreaker } from 'cockatiel';
import { minimumRpsFor } from '../breaker-config.js';
import type { ResilienceConfig } from '../config.js';

type BreakerConfig = Pick<
  ResilienceConfig,
  'breakerKind' | 'breakerThreshold' | 'breakerErrorRate' | 'breakerWindowMs' | 'breakerMinCalls'
>;

/** The cockatiel breaker an upstream's settings ask for. */
export function makeBreaker(config: BreakerConfig): IBreaker {
  if (config.breakerKind === 'sampling') {
    return new SamplingBreaker({
      threshold: config.breakerErrorRate,
      duration: config.breakerWindowMs,
      minimumRps: minimumRpsFor(config.breakerMinCalls, config.breakerWindowMs),
    });
  }
  // Threshold 0 = no breaker: it never opens, but still sees (and counts) every attempt.
  return new ConsecutiveBreaker(config.breakerThreshold || Number.POSITIVE_INFINITY);
}

/** The breaker as `/api/resilience` and the console show it: its kind and only the settings it uses. */
export function breakerSettings(config: BreakerConfig): BreakerSettings {
  if (config.breakerKind === 'sampling') {
    return {
      kind: 'sampling',
      errorRate: config.breakerErrorRate,
      windowMs: config.breakerWindowMs,
      minCalls: config.breakerMinCalls,
    };
  }
  return { kind: 'consecutive', threshold: config.breakerThreshold };
}

/** Why the breaker opened, for the transition's reason (logs, ops stream). */
export function breakerRule(config: BreakerConfig): string {
  if (config.breakerKind === 'sampling') {
    const percent = Math.round(config.breakerErrorRate * 100);
    return `error rate over ${percent} % in ${config.breakerWindowMs / 1000} s, ≥ ${config.breakerMinCalls} calls`;
  }
  const n = config.breakerThreshold;
  return `${n} consecutive failure${n === 1 ? '' : 's'}`;
}
