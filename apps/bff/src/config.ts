import { ConfigError, readAllowedHosts, readPublicOrigins } from '@storefront/service-kit';
import {
  type BreakerKind,
  DEFAULT_BREAKER_ERROR_RATE,
  DEFAULT_BREAKER_KIND,
  isBreakerKind,
  isErrorRate,
  loadBreakerChoice,
  UPSTREAM_BREAKER_KINDS,
} from './breaker-config.js';
import { type Env, lookupSetting, present } from './env-lookup.js';
import { type AbuseLimits, loadAbuseLimits, replicaShare } from './limits-config.js';

// A bad value throws the kit's ConfigError: `runServer` prints its message (naming the variable) and exits 1.
export { ConfigError };

/** Resilience settings of one upstream (one composed cockatiel policy). */
export interface ResilienceConfig {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Extra attempts for GETs (0 = no retry). */
  retryAttempts: number;
  /** First retry delay before jitter. */
  retryInitialDelayMs: number;
  /** Upper bound of one retry delay. */
  retryMaxDelayMs: number;
  /** Consecutive failures that open the breaker; 0 turns the breaker off (benchmarks compare with it). */
  breakerThreshold: number;
  /** `consecutive` (breakerThreshold) or `sampling` (error rate over a window); see breaker-config.ts. */
  breakerKind: BreakerKind;
  /** Sampling breaker: the error share (0–1 exclusive) above which it opens. */
  breakerErrorRate: number;
  /** Sampling breaker: the window the error share is measured over. */
  breakerWindowMs: number;
  /** Sampling breaker: calls the window must hold before it may open (no opening on 1 failure of 1 call). */
  breakerMinCalls: number;
  /** Cooldown before the breaker lets one probe call through. */
  halfOpenAfterMs: number;
  /** Concurrent calls per upstream. */
  bulkheadLimit: number;
  /** Calls waiting for a bulkhead slot. */
  bulkheadQueue: number;
  /** Bound of the last-known-good store for pages (0 disables it). */
  lkgMaxEntries: number;
  /**
   * Separate bound for searches (any GET with a free-text query): unique searches only push out other
   * searches, never the home and category pages shoppers need during an outage.
   */
  lkgSearchMaxEntries: number;
  /**
   * A shared (non-personal) GET answered within this many ms is answered again from memory, and identical
   * shared GETs in flight share one upstream call. 0 = every request goes to the upstream.
   */
  freshMs: number;
}

/** Everything `server.ts` needs, read from the environment. */
export interface BffConfig {
  port: number;
  host: string;
  catalogServiceUrl: string;
  cartServiceUrl: string;
  accountServiceUrl: string;
  /** `DEMO_MODE`: fault API under /api/faults and fault state in the ops stream. */
  demoMode: boolean;
  /** The fault proxy's control API (only used in demo mode). */
  faultProxyControlUrl: string | undefined;
  /** `accountPassword`: sign-in and sign-up, the account service's scrypt work, behind their own policy. */
  resilience: {
    catalog: ResilienceConfig;
    cart: ResilienceConfig;
    account: ResilienceConfig;
    accountPassword: ResilienceConfig;
  };
  /** Sign-in/sign-up rate limits and the ops stream's caps, this replica's share (`limits-config.ts`). */
  limits: AbuseLimits;
  /** `BFF_REPLICA_ID`: this replica's name in logs, metrics and the console (default `bff`). */
  replicaId: string;
  /** `BFF_PEERS`: every replica's base URL, this one included (the console aggregates their breakers). */
  peers: string[];
  /** `SUPERVISOR_URL`: the supervisor's loopback API (processes, kill), when one runs the stack. */
  supervisorUrl: string | undefined;
  /** `TRACE_STORE_URL`: the local trace store's read API (`/ops` recent requests), when one runs the stack. */
  traceStoreUrl: string | undefined;
  /** `ALERT_WEBHOOK_URL`: where live notifications are POSTed as JSON (docs/observability.md); unset = none. */
  alertWebhookUrl: string | undefined;
  /** `BFF_CHECKOUT_RECOVERY_EVERY_MS` (default 5000, 0 = off) and `BFF_CHECKOUT_STALE_MS` (default 10000). */
  checkoutRecovery: { everyMs: number; staleAfterMs: number };
  /** `PUBLIC_ORIGINS`: where the storefront's pages come from; writes from other origins are refused. */
  publicOrigins: string[];
  /** `ALLOWED_HOSTS`: host names answered besides loopback. */
  allowedHosts: string[];
}

/** The shell host of `npm start` (`scripts/lib/stack.mjs` sets PUBLIC_ORIGINS from SHELL_PORT). */
export const DEFAULT_PUBLIC_ORIGINS: readonly string[] = Object.freeze([
  'http://localhost:3000',
  'http://127.0.0.1:3000',
]);

/** The settings that are integers (the breaker's kind and error rate are read by breaker-config.ts). */
type IntegerKey = Exclude<keyof ResilienceConfig, 'breakerKind' | 'breakerErrorRate'>;

interface Setting {
  key: IntegerKey;
  suffix: string;
  defaultValue: number;
  min: number;
  max: number;
}

// One table drives defaults, env names and bounds so they cannot drift apart.
const SETTINGS: readonly Setting[] = [
  { key: 'timeoutMs', suffix: 'TIMEOUT_MS', defaultValue: 1500, min: 1, max: 600_000 },
  { key: 'retryAttempts', suffix: 'RETRY_ATTEMPTS', defaultValue: 2, min: 0, max: 10 },
  { key: 'retryInitialDelayMs', suffix: 'RETRY_INITIAL_DELAY_MS', defaultValue: 100, min: 0, max: 60_000 },
  { key: 'retryMaxDelayMs', suffix: 'RETRY_MAX_DELAY_MS', defaultValue: 1000, min: 0, max: 600_000 },
  { key: 'breakerThreshold', suffix: 'BREAKER_THRESHOLD', defaultValue: 3, min: 0, max: 1000 },
  { key: 'breakerWindowMs', suffix: 'BREAKER_WINDOW_MS', defaultValue: 10_000, min: 1000, max: 3_600_000 },
  { key: 'breakerMinCalls', suffix: 'BREAKER_MIN_CALLS', defaultValue: 10, min: 1, max: 1_000_000 },
  {
    key: 'halfOpenAfterMs',
    suffix: 'BREAKER_HALF_OPEN_AFTER_MS',
    defaultValue: 5000,
    min: 1,
    max: 3_600_000,
  },
  { key: 'bulkheadLimit', suffix: 'BULKHEAD_LIMIT', defaultValue: 10, min: 1, max: 10_000 },
  { key: 'bulkheadQueue', suffix: 'BULKHEAD_QUEUE', defaultValue: 20, min: 0, max: 100_000 },
  { key: 'lkgMaxEntries', suffix: 'LKG_MAX_ENTRIES', defaultValue: 500, min: 0, max: 1_000_000 },
  { key: 'lkgSearchMaxEntries', suffix: 'LKG_SEARCH_MAX_ENTRIES', defaultValue: 100, min: 0, max: 1_000_000 },
  { key: 'freshMs', suffix: 'FRESH_MS', defaultValue: 0, min: 0, max: 60_000 },
];

/**
 * What the `account-password` upstream (sign-in, sign-up: one scrypt hash each) changes from the defaults: a
 * small bulkhead of its own, so a flood of sign-ins waits or is refused there and never takes the slots of the
 * session lookups every signed-in page needs; and a longer timeout, as a hash takes ~0.4 s and waits its turn
 * behind the account service's two hashing slots. `BFF_ACCOUNT_PASSWORD_<SETTING>` changes them.
 */
export const ACCOUNT_PASSWORD_RESILIENCE: Readonly<Partial<ResilienceConfig>> = Object.freeze({
  timeoutMs: 5000,
  bulkheadLimit: 4,
  bulkheadQueue: 8,
});

/** The built-in defaults (docs/architecture.md, "The BFF"). */
export const DEFAULT_RESILIENCE: Readonly<ResilienceConfig> = Object.freeze({
  ...(Object.fromEntries(SETTINGS.map((s) => [s.key, s.defaultValue])) as Record<IntegerKey, number>),
  breakerKind: DEFAULT_BREAKER_KIND,
  breakerErrorRate: DEFAULT_BREAKER_ERROR_RATE,
});

function parseInteger(name: string, raw: string, min: number, max: number): number {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `Invalid ${name}=${JSON.stringify(raw)}: expected an integer from ${min} to ${max}`,
    );
  }
  return value;
}

/**
 * Reads one upstream's resilience settings: `BFF_<UPSTREAM>_<SETTING>` wins over `BFF_<SETTING>`,
 * which wins over the default. Throws a ConfigError naming the variable on a bad value.
 */
export function loadResilienceConfig(
  upstream: string,
  env: Env = process.env,
  defaults: Readonly<Partial<ResilienceConfig>> = {},
): ResilienceConfig {
  const prefix = `BFF_${upstream.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  // The upstream's own default kind (breaker-config.ts) unless the caller's defaults name one.
  const result: Record<string, number | string> = {
    ...loadBreakerChoice(prefix, env, { breakerKind: UPSTREAM_BREAKER_KINDS[upstream], ...defaults }),
  };
  for (const setting of SETTINGS) {
    const found = lookupSetting(env, prefix, setting.suffix);
    result[setting.key] = found
      ? parseInteger(found.name, found.raw, setting.min, setting.max)
      : (defaults[setting.key] ?? setting.defaultValue);
  }
  const config = result as unknown as ResilienceConfig;
  if (config.retryMaxDelayMs < config.retryInitialDelayMs) {
    throw new ConfigError(
      `Invalid retry delays for ${upstream}: max delay ${config.retryMaxDelayMs} ms is below the initial delay ${config.retryInitialDelayMs} ms`,
    );
  }
  return config;
}

/** Fills the gaps of a partial config with the defaults and checks the bounds (for `build()` callers). */
export function resolveResilienceConfig(partial: Partial<ResilienceConfig> = {}): ResilienceConfig {
  const merged = { ...DEFAULT_RESILIENCE, ...partial };
  for (const setting of SETTINGS) {
    const value = merged[setting.key];
    if (!Number.isSafeInteger(value) || value < setting.min || value > setting.max) {
      throw new ConfigError(
        `Invalid resilience option ${setting.key}=${String(value)}: expected an integer from ${setting.min} to ${setting.max}`,
      );
    }
  }
  if (!isBreakerKind(merged.breakerKind)) {
    throw new ConfigError(`Invalid resilience option breakerKind=${String(merged.breakerKind)}`);
  }
  if (!isErrorRate(merged.breakerErrorRate)) {
    throw new ConfigError(
      `Invalid resilience option breakerErrorRate=${String(merged.breakerErrorRate)}: expected a number between 0 and 1 (exclusive)`,
    );
  }
  return merged;
}

function parseUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(raw)}: expected an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(raw)}: expected an absolute http(s) URL`);
  }
  return raw.replace(/\/+$/, '');
}

/** Reads a '1'/'true' or '0'/'false' flag (empty = the default). */
function parseFlag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (!present(raw)) return fallback;
  const text = raw.trim().toLowerCase();
  if (text === '1' || text === 'true') return true;
  if (text === '0' || text === 'false') return false;
  throw new ConfigError(`Invalid ${name}=${JSON.stringify(raw)}: expected 1, true, 0 or false`);
}

/** Reads the whole BFF configuration from the environment; throws a ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): BffConfig {
  const port = present(env.PORT) ? parseInteger('PORT', env.PORT, 0, 65_535) : 4000;
  const host = present(env.HOST) ? env.HOST.trim() : '127.0.0.1';
  const url = (name: string, fallback: string): string => {
    const raw = env[name];
    return parseUrl(name, present(raw) ? raw.trim() : fallback);
  };
  const demoMode = parseFlag('DEMO_MODE', env.DEMO_MODE, false);
  let faultProxyControlUrl: string | undefined;
  if (demoMode) {
    const controlPort = present(env.FAULT_PROXY_CONTROL_PORT)
      ? parseInteger('FAULT_PROXY_CONTROL_PORT', env.FAULT_PROXY_CONTROL_PORT, 1, 65_535)
      : 5000;
    faultProxyControlUrl = url('FAULT_PROXY_CONTROL_URL', `http://127.0.0.1:${controlPort}`);
  }
  const replicaId = present(env.BFF_REPLICA_ID) ? env.BFF_REPLICA_ID.trim() : 'bff';
  if (!/^[a-z][a-z0-9-]{0,63}$/.test(replicaId)) {
    throw new ConfigError(`Invalid BFF_REPLICA_ID=${JSON.stringify(replicaId)}: expected e.g. bff-1`);
  }
  const peers = present(env.BFF_PEERS)
    ? env.BFF_PEERS.split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => parseUrl('BFF_PEERS', part))
    : [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    return present(raw) ? parseInteger(name, raw, min, max) : fallback;
  };
  return {
    port,
    host,
    demoMode,
    replicaId,
    peers,
    supervisorUrl: present(env.SUPERVISOR_URL) ? url('SUPERVISOR_URL', '') : undefined,
    traceStoreUrl: present(env.TRACE_STORE_URL) ? url('TRACE_STORE_URL', '') : undefined,
    alertWebhookUrl: present(env.ALERT_WEBHOOK_URL) ? url('ALERT_WEBHOOK_URL', '') : undefined,
    checkoutRecovery: {
      everyMs: integer('BFF_CHECKOUT_RECOVERY_EVERY_MS', 5000, 0, 3_600_000),
      staleAfterMs: integer('BFF_CHECKOUT_STALE_MS', 10_000, 1000, 3_600_000),
    },
    faultProxyControlUrl,
    publicOrigins: readPublicOrigins(DEFAULT_PUBLIC_ORIGINS, env),
    allowedHosts: readAllowedHosts(env),
    catalogServiceUrl: url('CATALOG_SERVICE_URL', 'http://127.0.0.1:4001'),
    cartServiceUrl: url('CART_SERVICE_URL', 'http://127.0.0.1:4002'),
    accountServiceUrl: url('ACCOUNT_SERVICE_URL', 'http://127.0.0.1:4003'),
    resilience: {
      catalog: loadResilienceConfig('catalog', env),
      cart: loadResilienceConfig('cart', env),
      account: loadResilienceConfig('account', env),
      accountPassword: loadResilienceConfig('account-password', env, ACCOUNT_PASSWORD_RESILIENCE),
    },
    // BFF_PEERS lists every replica, this one included: each enforces its share of the storefront's limits.
    limits: replicaShare(loadAbuseLimits(env), peers.length),
  };
}
