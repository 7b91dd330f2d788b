// Faults as the storefront lists them: the fault proxy owns the fault types, their options and bounds
// (`GET /api/faults/types`) and the targets (`GET /api/faults`). The CLI keeps no copy; it checks a fault against
// the list it is given so that its messages can name the flag at fault, and describes faults in one line.

/** @typedef {import('@storefront/contract').FaultTypeInfo} FaultTypeInfo */
/** @typedef {import('@storefront/contract').FaultOptionInfo} FaultOptionInfo */
/** @typedef {{ types: FaultTypeInfo[], durationMs: { min: number, max: number } }} FaultTypes */
/** @typedef {{ type: string, options?: Record<string, number>, durationMs?: number }} FaultRequest */

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isRecord(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether an answer reads as the list of fault types (`GET /api/faults/types`).
 * @param {unknown} answer
 * @returns {answer is FaultTypes}
 */
export function isFaultTypes(answer) {
  if (!isRecord(answer) || !Array.isArray(answer.types) || !isRecord(answer.durationMs)) return false;
  const { min, max } = answer.durationMs;
  if (typeof min !== 'number' || typeof max !== 'number') return false;
  return answer.types.every(
    (t) =>
      isRecord(t) &&
      typeof t.type === 'string' &&
      Array.isArray(t.options) &&
      t.options.every(
        (o) =>
          isRecord(o) && typeof o.name === 'string' && typeof o.min === 'number' && typeof o.max === 'number',
      ),
  );
}

const UNIT_TEXT = /** @type {const} */ ({ ms: ' ms', percent: ' %', status: '' });

/**
 * An option's range in words, e.g. `from 0 to 60000 ms`.
 * @param {FaultOptionInfo} option
 * @returns {string}
 */
export function rangeText(option) {
  return `from ${option.min} to ${option.max}${UNIT_TEXT[option.unit] ?? ''}`;
}

/**
 * Checks a fault's options against its type in the list: the required ones given, each within its bounds. Each
 * problem names the option, for the caller to put in its own words (a flag, a field); options the type does not
 * take are the caller's to refuse first (chaos-flags.mjs names the flag).
 * @param {FaultTypeInfo} info the type, as listed
 * @param {Record<string, number>} options
 * @returns {{ option: string, problem: string }[]}
 */
export function faultProblems(info, options) {
  /** @type {{ option: string, problem: string }[]} */
  const problems = [];
  for (const option of info.options) {
    const value = options[option.name];
    if (value === undefined) {
      if (option.required) problems.push({ option: option.name, problem: `required for "${info.type}"` });
    } else if (!(value >= option.min && value <= option.max)) {
      problems.push({ option: option.name, problem: `must be ${rangeText(option)}` });
    }
  }
  return problems;
}

/**
 * One-line description of a fault as the proxy reports it (defaults filled in), e.g. `latency 2500ms ±300ms`,
 * `errors 50% (503)`, `lost-response 30% held 2000ms`; any other type, or options missing, as
 * `<type> <option> <value>, …`.
 * @param {{ type: string, options?: Record<string, unknown> | null }} fault
 * @returns {string}
 */
export function describeFault(fault) {
  const o = fault.options ?? {};
  const has = (/** @type {string[]} */ ...names) => names.every((name) => typeof o[name] === 'number');
  if (fault.type === 'latency' && has('ms'))
    return `latency ${o.ms}ms${o.jitterMs ? ` ±${o.jitterMs}ms` : ''}`;
  if (fault.type === 'errors' && has('percent', 'status')) return `errors ${o.percent}% (${o.status})`;
  if (fault.type === 'flapping' && has('upMs', 'downMs'))
    return `flapping up ${o.upMs}ms / down ${o.downMs}ms`;
  if (fault.type === 'lost-response' && has('percent', 'holdMs'))
    return `lost-response ${o.percent}%${o.holdMs ? ` held ${o.holdMs}ms` : ''}`;
  const options = Object.entries(o).map(([name, value]) => `${name} ${String(value)}`);
  return options.length > 0 ? `${fault.type} ${options.join(', ')}` : fault.type;
}
