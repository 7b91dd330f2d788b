// What one client may ask of the BFF before it is refused with 429 RATE_LIMITED: password attempts (sign-in and
// sign-up, per client address and per e-mail) and ops streams (per client address, and in all).
import { readInteger } from '@storefront/service-kit';

/** Sign-in and sign-up attempts allowed per window (0 = no limit of that kind). */
export interface PasswordAttemptLimits {
  /** Per client address (`BFF_AUTH_LIMIT_PER_IP`, default 30). */
  perIp: number;
  /** Per normalised e-mail (`BFF_AUTH_LIMIT_PER_EMAIL`, default 10). */
  perEmail: number;
  /** The window both count in (`BFF_AUTH_LIMIT_WINDOW_MS`, default 60000). */
  windowMs: number;
}

/** Concurrent `/api/ops/stream` connections allowed (each holds a socket and a 1 s snapshot timer). */
export interface OpsStreamLimits {
  /** Per client address (`BFF_OPS_STREAMS_PER_IP`, default 8: every tab on this machine is one address, 127.0.0.1). */
  perIp: number;
  /** In all, in this replica (`BFF_OPS_STREAMS_MAX`, default 64). */
  total: number;
}

export interface AbuseLimits {
  passwordAttempts: PasswordAttemptLimits;
  opsStreams: OpsStreamLimits;
}

/**
 * The defaults: a person mistyping a password a few times, a household or office behind one address, the console
 * open in a few tabs. `npm start`'s chaos CLI signs up 6 shoppers a run; the e2e and bench stacks raise the
 * password limits (they sign up far more from 127.0.0.1).
 */
export const DEFAULT_ABUSE_LIMITS: Readonly<AbuseLimits> = Object.freeze({
  passwordAttempts: Object.freeze({ perIp: 30, perEmail: 10, windowMs: 60_000 }),
  opsStreams: Object.freeze({ perIp: 8, total: 64 }),
});

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the limits from the environment; a bad value throws the kit's ConfigError naming the variable. */
export function loadAbuseLimits(env: Env = process.env): AbuseLimits {
  const read = (name: string, fallback: number, min: number, max: number) =>
    readInteger(name, fallback, { min, max }, env);
  const password = DEFAULT_ABUSE_LIMITS.passwordAttempts;
  const streams = DEFAULT_ABUSE_LIMITS.opsStreams;
  return {
    passwordAttempts: {
      perIp: read('BFF_AUTH_LIMIT_PER_IP', password.perIp, 0, 1_000_000),
      perEmail: read('BFF_AUTH_LIMIT_PER_EMAIL', password.perEmail, 0, 1_000_000),
      windowMs: read('BFF_AUTH_LIMIT_WINDOW_MS', password.windowMs, 1000, 86_400_000),
    },
    opsStreams: {
      perIp: read('BFF_OPS_STREAMS_PER_IP', streams.perIp, 1, 10_000),
      total: read('BFF_OPS_STREAMS_MAX', streams.total, 1, 100_000),
    },
  };
}

/**
 * One replica's share of limits meant for the whole storefront: the counters live in each replica's memory, and the
 * shell host spreads a client's requests over every replica, so each allows ⌈limit ÷ replicas⌉ (0 stays "off").
 * The total stream cap is this replica's own resource and is not divided. A client sent unevenly (or straight to
 * one replica) meets the limit sooner, never later.
 */
export function replicaShare(limits: AbuseLimits, replicas: number): AbuseLimits {
  const n = Math.max(1, Math.trunc(replicas));
  const share = (limit: number) => (limit === 0 ? 0 : Math.max(1, Math.ceil(limit / n)));
  const { passwordAttempts: password, opsStreams: streams } = limits;
  return {
    passwordAttempts: { ...password, perIp: share(password.perIp), perEmail: share(password.perEmail) },
    opsStreams: { ...streams, perIp: share(streams.perIp) },
  };
}
