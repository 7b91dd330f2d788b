// The traffic a scenario asks the chaos CLI to drive while the fault proxy runs its steps. The proxy sends none of
// it; it only checks the file's words, so that the console and the CLI read one valid description.
/** Requests per second over a list of paths: what makes breakers open and close. */
export interface PathTraffic {
  ratePerSec: number;
  /** Paths on the shell's origin (`/api/...`) or `registry:<remote>` (that remote's manifest). */
  paths: string[];
}

/**
 * Shoppers who sign up and then, in a loop, add to their cart and check out with idempotency keys, retrying the
 * same request under the same key on a 5xx or a lost answer: the traffic that shows whether anything is lost or
 * doubled when answers or processes die.
 */
export interface CheckoutTraffic {
  kind: 'checkout';
  shoppers: number;
  /** Pause between one shopper's checkouts (divided by the run's speed like every scenario time). */
  pauseMs: number;
  /** How long after the scenario's end retries may still go on before a checkout is given up. */
  graceMs: number;
}

export type ScenarioTraffic = PathTraffic | CheckoutTraffic;

/** Highest path traffic rate: enough to trip breakers, low enough to stay a demo and not a load test. */
export const MAX_RATE_PER_SEC = 50;

/** Bounds of checkout traffic (a demo: a handful of shoppers, each one request at a time). */
export const CHECKOUT_TRAFFIC = {
  shoppers: { min: 1, max: 20 },
  pauseMs: { min: 0, max: 10_000, default: 1000 },
  graceMs: { min: 0, max: 60_000, default: 20_000 },
} as const;

/** Fails validation of one field; never returns. */
export type Fail = (field: string, problem: string) => never;

type JsonObject = Record<string, unknown>;

const REGISTRY_PATH = /^registry:[a-z][a-z0-9-]*$/;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectExtra(traffic: JsonObject, allowed: readonly string[], fail: Fail): void {
  const extra = Object.keys(traffic).find((key) => !allowed.includes(key));
  if (extra !== undefined) fail(`traffic.${extra}`, 'unknown field');
}

function parsePaths(traffic: JsonObject, fail: Fail): PathTraffic {
  rejectExtra(traffic, ['kind', 'ratePerSec', 'paths'], fail);
  const rate = traffic.ratePerSec;
  if (typeof rate !== 'number' || !(rate > 0) || rate > MAX_RATE_PER_SEC) {
    return fail('traffic.ratePerSec', `must be a number above 0 and at most ${MAX_RATE_PER_SEC}`);
  }
  const paths = traffic.paths;
  if (!Array.isArray(paths) || paths.length === 0) {
    return fail('traffic.paths', 'must be a non-empty array of strings');
  }
  paths.forEach((item: unknown, index) => {
    const ok =
      typeof item === 'string' &&
      ((item.startsWith('/') && !item.startsWith('//')) || REGISTRY_PATH.test(item));
    if (!ok) {
      fail(
        `traffic.paths[${index}]`,
        `${JSON.stringify(item)} must be a path on the shell's origin ("/api/...") or "registry:<remote>"`,
      );
    }
  });
  return { ratePerSec: rate, paths: paths as string[] };
}

function readInteger(
  traffic: JsonObject,
  name: 'shoppers' | 'pauseMs' | 'graceMs',
  fallback: number | null,
  fail: Fail,
): number {
  const value = traffic[name] ?? fallback;
  const { min, max } = CHECKOUT_TRAFFIC[name];
  if (value === null) return fail(`traffic.${name}`, `is required: an integer from ${min} to ${max}`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(`traffic.${name}`, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function parseCheckout(traffic: JsonObject, fail: Fail): CheckoutTraffic {
  rejectExtra(traffic, ['kind', 'shoppers', 'pauseMs', 'graceMs'], fail);
  const { pauseMs, graceMs } = CHECKOUT_TRAFFIC;
  return {
    kind: 'checkout',
    shoppers: readInteger(traffic, 'shoppers', null, fail),
    pauseMs: readInteger(traffic, 'pauseMs', pauseMs.default, fail),
    graceMs: readInteger(traffic, 'graceMs', graceMs.default, fail),
  };
}

/** Reads a scenario's `traffic`: path traffic (no `kind`, or `"paths"`) or checkout traffic, defaults filled in. */
export function parseTraffic(traffic: unknown, fail: Fail): ScenarioTraffic {
  if (!isObject(traffic)) {
    return fail('traffic', 'must be an object { ratePerSec, paths } or { kind: "checkout", shoppers }');
  }
  const kind = traffic.kind;
  if (kind === 'checkout') return parseCheckout(traffic, fail);
  if (kind === undefined || kind === 'paths') return parsePaths(traffic, fail);
  return fail('traffic.kind', 'must be "checkout", or "paths" (the default when absent)');
}

/** A copy for `GET /scenarios`; path traffic keeps its first form (no `kind`), which older readers know. */
export function describeTraffic(traffic: ScenarioTraffic): ScenarioTraffic {
  if ('kind' in traffic) return { ...traffic };
  return { ratePerSec: traffic.ratePerSec, paths: [...traffic.paths] };
}
