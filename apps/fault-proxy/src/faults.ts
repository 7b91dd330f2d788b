// Reading a fault (`PUT /faults/:target`, a scenario's inject step) against the table of fault types, and what
// `latency`, `errors` and `lost-response` do to one request.
import {
  DURATION_MS,
  type ErrorsOptions,
  FAULT_TYPES,
  type FaultSpec,
  type FaultType,
  type LatencyOptions,
  type LostResponseOptions,
  type OptionRule,
  ruleOf,
} from './fault-types.js';

/** Outcome of {@link validateFault}. */
export type FaultValidation = { ok: true; fault: FaultSpec } | { ok: false; message: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class InvalidFault extends Error {}

function isFaultType(value: unknown): value is FaultType {
  return typeof value === 'string' && (FAULT_TYPES as readonly string[]).includes(value);
}

/** Reads one option within its bounds, or its default when absent. */
function readOption(options: JsonObject, name: string, rule: OptionRule): number {
  const value = options[name];
  if (value === undefined) {
    if (rule.default === null) throw new InvalidFault(`options.${name} is required`);
    return rule.default;
  }
  const whole = rule.integer ? Number.isInteger(value) : Number.isFinite(value);
  if (typeof value !== 'number' || !whole || value < rule.min || value > rule.max) {
    const kind = rule.integer ? 'an integer' : 'a number';
    throw new InvalidFault(`options.${name} must be ${kind} from ${rule.min} to ${rule.max}`);
  }
  return value;
}

function rejectUnknownKeys(source: JsonObject, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(source).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    const allowedText = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : '; it takes none';
    throw new InvalidFault(`unknown ${where} "${unknown}"${allowedText}`);
  }
}

/** Every option of `type`, read from `raw` with the defaults filled in. */
function readOptions(type: FaultType, raw: JsonObject): Record<string, number> {
  const rules = Object.entries(ruleOf(type).options);
  const names = rules.map(([name]) => name);
  rejectUnknownKeys(raw, names, names.length === 0 ? `option for ${type}` : `${type} option`);
  return Object.fromEntries(rules.map(([name, rule]) => [name, readOption(raw, name, rule)]));
}

function readDuration(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < DURATION_MS.min ||
    value > DURATION_MS.max
  ) {
    throw new InvalidFault(
      `durationMs must be an integer from ${DURATION_MS.min} to ${DURATION_MS.max} (1 s to 1 h)`,
    );
  }
  return value;
}

function parse(input: unknown): FaultSpec {
  if (!isObject(input))
    throw new InvalidFault('the body must be a JSON object { type, options?, durationMs? }');
  rejectUnknownKeys(input, ['type', 'options', 'durationMs'], 'field');
  const { type } = input;
  if (!isFaultType(type)) throw new InvalidFault(`type must be one of ${FAULT_TYPES.join(', ')}`);
  const rawOptions = input.options ?? {};
  if (!isObject(rawOptions)) throw new InvalidFault('options must be an object');
  const durationMs = readDuration(input.durationMs);
  // The options are exactly those the table lists for `type`, which is what FaultSpec says of each type.
  return { type, options: readOptions(type, rawOptions), durationMs } as FaultSpec;
}

/** Validates a `{ type, options?, durationMs? }` body and fills in the defaults; never throws. */
export function validateFault(input: unknown): FaultValidation {
  try {
    return { ok: true, fault: parse(input) };
  } catch (error) {
    if (error instanceof InvalidFault) return { ok: false, message: `Invalid fault: ${error.message}.` };
    throw error;
  }
}

/** Delay of one request under `latency`: `ms + random(0..jitterMs)` (inclusive), `random` in [0, 1). */
export function latencyDelayMs(options: LatencyOptions, random: () => number): number {
  if (options.jitterMs <= 0) return options.ms;
  return options.ms + Math.min(options.jitterMs, Math.floor(random() * (options.jitterMs + 1)));
}

/** Whether one request under `errors` is answered with the injected error; `random` in [0, 1). */
export function shouldInjectError(options: ErrorsOptions, random: () => number): boolean {
  return random() * 100 < options.percent;
}

/** Whether the answer to one request under `lost-response` is dropped; `random` in [0, 1). */
export function shouldLoseResponse(options: LostResponseOptions, random: () => number): boolean {
  return random() * 100 < options.percent;
}

// null is accepted like an absent durationMs (no expiry).
const durationSchema = { type: ['integer', 'null'], minimum: DURATION_MS.min, maximum: DURATION_MS.max };

/** The JSON schema of one type's body, from the same table as the validator. */
function faultSchema(type: FaultType): JsonObject {
  const options = Object.entries(ruleOf(type).options);
  const required = options.filter(([, rule]) => rule.default === null).map(([name]) => name);
  const optionsSchema = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      options.map(([name, rule]) => [
        name,
        { type: rule.integer ? 'integer' : 'number', minimum: rule.min, maximum: rule.max },
      ]),
    ),
    ...(required.length > 0 ? { required } : {}),
  };
  return {
    type: 'object',
    additionalProperties: false,
    required: required.length > 0 ? ['type', 'options'] : ['type'],
    properties: { type: { type: 'string', const: type }, options: optionsSchema, durationMs: durationSchema },
  };
}

/**
 * Body schema of `PUT /faults/:target`: exactly one of the per-type schemas. ajv's oneOf messages are unreadable,
 * so a failure is answered with {@link validateFault}'s words (errors.ts).
 */
export const FAULT_BODY_SCHEMA: JsonObject = { oneOf: FAULT_TYPES.map(faultSchema) };
