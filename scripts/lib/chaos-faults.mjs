// What can be broken and how (docs/fault-injection.md): targets, fault types and their option ranges. The
// fault proxy validates too; checking here first gives the CLI and scenario files messages that name the flag
// or the step at fault.

/** Every target of the fault proxy: the three services and the three remotes' static hosts. */
export const TARGETS = /** @type {const} */ ([
  'catalog',
  'cart',
  'account',
  'remote-catalog',
  'remote-cart',
  'remote-account',
]);

/** @typedef {{ min: number, max: number, required: boolean }} OptionSpec */

/** Fault types with their options (integers, inclusive ranges). */
export const FAULT_TYPES = /** @type {Readonly<Record<string, Readonly<Record<string, OptionSpec>>>>} */ ({
  down: {},
  hang: {},
  latency: {
    ms: { min: 0, max: 60_000, required: true },
    jitterMs: { min: 0, max: 60_000, required: false },
  },
  errors: {
    percent: { min: 1, max: 100, required: true },
    status: { min: 500, max: 599, required: false },
  },
  flapping: {
    upMs: { min: 100, max: 600_000, required: false },
    downMs: { min: 100, max: 600_000, required: false },
  },
});

/** Bounds of a fault's `durationMs` (it expires by itself). */
export const FAULT_DURATION = Object.freeze({ min: 1000, max: 3_600_000 });

/** @typedef {{ type: string, options?: Record<string, number>, durationMs?: number }} FaultRequest */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `name` is a known target.
 * @param {unknown} name
 * @returns {name is (typeof TARGETS)[number]}
 */
export function isTarget(name) {
  return typeof name === 'string' && /** @type {readonly string[]} */ (TARGETS).includes(name);
}

/**
 * Checks a fault (type, options, durationMs); returns the problems found, each prefixed with `where`.
 * @param {unknown} type
 * @param {unknown} options
 * @param {unknown} durationMs
 * @param {string} [where] prefix of each message, e.g. `steps[2].`
 * @returns {string[]}
 */
export function faultProblems(type, options, durationMs, where = '') {
  /** @type {string[]} */
  const problems = [];
  if (typeof type !== 'string' || !Object.hasOwn(FAULT_TYPES, type)) {
    problems.push(
      `${where}type: ${JSON.stringify(type)} is not a fault type (${Object.keys(FAULT_TYPES).join(', ')})`,
    );
    return problems;
  }
  const spec = FAULT_TYPES[type] ?? {};
  if (options !== undefined && !isRecord(options)) {
    problems.push(`${where}options: must be an object`);
  } else {
    const given = options ?? {};
    for (const key of Object.keys(given)) {
      if (!Object.hasOwn(spec, key)) {
        const known = Object.keys(spec);
        problems.push(
          `${where}options.${key}: not an option of "${type}" (${known.length ? known.join(', ') : 'it takes none'})`,
        );
      }
    }
    for (const [key, range] of Object.entries(spec)) {
      const value = given[key];
      if (value === undefined) {
        if (range.required) problems.push(`${where}options.${key}: required for "${type}"`);
      } else if (!Number.isInteger(value) || Number(value) < range.min || Number(value) > range.max) {
        problems.push(`${where}options.${key}: must be an integer from ${range.min} to ${range.max}`);
      }
    }
  }
  if (
    durationMs !== undefined &&
    (!Number.isInteger(durationMs) ||
      Number(durationMs) < FAULT_DURATION.min ||
      Number(durationMs) > FAULT_DURATION.max)
  ) {
    problems.push(
      `${where}durationMs: must be an integer from ${FAULT_DURATION.min} to ${FAULT_DURATION.max}`,
    );
  }
  return problems;
}

/**
 * One-line description of a fault, e.g. `latency 2500ms ±300ms`, `errors 50% (503)`.
 * @param {{ type: string, options?: Record<string, unknown> | null }} fault
 * @returns {string}
 */
export function describeFault(fault) {
  const o = fault.options ?? {};
  switch (fault.type) {
    case 'latency':
      return `latency ${o.ms ?? '?'}ms${o.jitterMs ? ` ±${o.jitterMs}ms` : ''}`;
    case 'errors':
      return `errors ${o.percent ?? '?'}% (${o.status ?? 503})`;
    case 'flapping':
      return `flapping up ${o.upMs ?? 5000}ms / down ${o.downMs ?? 5000}ms`;
    default:
      return fault.type;
  }
}
