// The fault flags of `chaos inject` (`--ms`, `--jitter`, `--percent`, `--status`, `--up`, `--down`, `--hold`,
// `--for`): their syntax is the CLI's own and is read before any request; what they may hold is the fault proxy's,
// so a fault is checked against the list the storefront answers, with messages that name the flag.
import { formatBound, parseDuration, parseMs } from './chaos-duration.mjs';
import { faultProblems, rangeText } from './chaos-faults.mjs';

/** @typedef {import('./chaos-faults.mjs').FaultTypes} FaultTypes */
/** @typedef {(message: string) => never} Fail a usage error (exit code 2) */

/**
 * @param {string} text
 * @returns {number}
 */
function parseInteger(text) {
  if (!/^\d+$/.test(text.trim())) throw new RangeError(`"${text}" is not a whole number`);
  return Number(text);
}

/** Which flag sets which fault option, and how its value is written (durations take a unit, e.g. 2.5s). */
const FLAG_OPTIONS = /** @type {const} */ ({
  ms: { option: 'ms', parse: parseMs },
  jitter: { option: 'jitterMs', parse: parseMs },
  percent: { option: 'percent', parse: parseInteger },
  status: { option: 'status', parse: parseInteger },
  up: { option: 'upMs', parse: parseMs },
  down: { option: 'downMs', parse: parseMs },
  hold: { option: 'holdMs', parse: parseMs },
});

/**
 * The flag that sets an option, if any.
 * @param {string} option
 * @returns {string | undefined}
 */
function flagOf(option) {
  return Object.entries(FLAG_OPTIONS).find(([, spec]) => spec.option === option)?.[0];
}

/**
 * Reads the fault flags' values: options by name and `--for`; a value that is not a number or a duration fails.
 * @param {Record<string, string | boolean | undefined>} flags
 * @param {Fail} fail
 * @returns {{ options: Record<string, number>, durationMs: number | undefined }}
 */
export function readFaultFlags(flags, fail) {
  /** @type {Record<string, number>} */
  const options = {};
  for (const [flag, { option, parse }] of Object.entries(FLAG_OPTIONS)) {
    const raw = flags[flag];
    if (typeof raw !== 'string') continue;
    try {
      options[option] = parse(raw);
    } catch (err) {
      fail(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  /** @type {number | undefined} */
  let durationMs;
  if (typeof flags.for === 'string') {
    try {
      durationMs = parseDuration(flags.for);
    } catch (err) {
      fail(`--for: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { options, durationMs };
}

/**
 * Checks a fault read from the flags against the storefront's list of fault types and builds the PUT body.
 * @param {FaultTypes} list
 * @param {string} type
 * @param {{ options: Record<string, number>, durationMs: number | undefined }} given
 * @param {Fail} fail
 * @returns {import('./chaos-faults.mjs').FaultRequest}
 */
export function faultFromFlags(list, type, { options, durationMs }, fail) {
  const info = list.types.find((t) => t.type === type);
  if (info === undefined) {
    return fail(`"${type}" is not a fault type (${list.types.map((t) => t.type).join(', ')})`);
  }
  for (const option of Object.keys(options)) {
    if (!info.options.some((o) => o.name === option))
      fail(`--${flagOf(option)} does not apply to a "${type}" fault`);
  }
  const problems = faultProblems(info, options).map(({ option, problem }) => {
    const flag = flagOf(option);
    return flag ? `--${flag}: ${problem}` : `option ${option} (no flag sets it): ${problem}`;
  });
  const { min, max } = list.durationMs;
  if (durationMs !== undefined && !(durationMs >= min && durationMs <= max)) {
    problems.push(`--for: must be from ${formatBound(min)} to ${formatBound(max)}`);
  }
  if (problems.length > 0) fail(problems.join('; '));
  return durationMs === undefined ? { type, options } : { type, options, durationMs };
}

/**
 * The fault types as `chaos types` prints them: each type, then each option with its flag, range and default.
 * @param {FaultTypes} list
 * @returns {string[]}
 */
export function describeTypes(list) {
  const width = Math.max(...list.types.map((t) => t.type.length));
  const lines = [];
  for (const info of list.types) {
    lines.push(`${info.type.padEnd(width)}  ${info.description}`);
    for (const option of info.options) {
      const flag = flagOf(option.name);
      const how = option.required ? 'required' : `default ${option.default}`;
      const name = flag ? `--${flag}` : `(${option.name}: no flag)`;
      lines.push(`  ${name.padEnd(10)} ${rangeText(option)}, ${how}: ${option.description}`);
    }
  }
  const { min, max } = list.durationMs;
  lines.push(
    '',
    `--for (any type): from ${formatBound(min)} to ${formatBound(max)}; without it, until cleared`,
  );
  return lines;
}
