/** The fault types a target can carry (docs/fault-injection.md, "Faults"). */
export const FAULT_TYPES = ['down', 'hang', 'latency', 'errors', 'flapping'] as const;

/** One of {@link FAULT_TYPES}. */
export type FaultType = (typeof FAULT_TYPES)[number];

/** Options of `latency`, defaults applied. */
export interface LatencyOptions {
  ms: number;
  jitterMs: number;
}

/** Options of `errors`, defaults applied. */
export interface ErrorsOptions {
  percent: number;
  status: number;
}

/** Options of `flapping`, defaults applied. */
export interface FlappingOptions {
  upMs: number;
  downMs: number;
}

/** A validated fault with its defaults filled in; `durationMs` null means it never expires by itself. */
export type FaultSpec = (
  | { type: 'down'; options: Record<string, never> }
  | { type: 'hang'; options: Record<string, never> }
  | { type: 'latency'; options: LatencyOptions }
  | { type: 'errors'; options: ErrorsOptions }
  | { type: 'flapping'; options: FlappingOptions }
) & { durationMs: number | null };

/** Bounds shared by the validator and the JSON schemas so the two never disagree. */
export const LIMITS = {
  latencyMs: { min: 0, max: 60_000 },
  percent: { min: 1, max: 100 },
  status: { min: 500, max: 599, default: 503 },
  flapMs: { min: 100, max: 600_000, default: 5_000 },
  durationMs: { min: 1_000, max: 3_600_000 },
} as const;

/** Outcome of {@link validateFault}. */
export type FaultValidation = { ok: true; fault: FaultSpec } | { ok: false; message: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class InvalidFault extends Error {}

/** Reads an integer option within bounds, or its default when absent. */
function intOption(
  options: JsonObject,
  key: string,
  bounds: { min: number; max: number },
  fallback?: number,
): number {
  const value = options[key];
  if (value === undefined) {
    if (fallback === undefined) throw new InvalidFault(`options.${key} is required`);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
    throw new InvalidFault(`options.${key} must be an integer from ${bounds.min} to ${bounds.max}`);
  }
  return value;
}

/** Reads a number option (fractions allowed) within bounds. */
function numberOption(options: JsonObject, key: string, bounds: { min: number; max: number }): number {
  const value = options[key];
  if (value === undefined) throw new InvalidFault(`options.${key} is required`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw new InvalidFault(`options.${key} must be a number from ${bounds.min} to ${bounds.max}`);
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

function parse(input: unknown): FaultSpec {
  if (!isObject(input))
    throw new InvalidFault('the body must be a JSON object { type, options?, durationMs? }');
  rejectUnknownKeys(input, ['type', 'options', 'durationMs'], 'field');
  const { type } = input;
  if (typeof type !== 'string' || !(FAULT_TYPES as readonly string[]).includes(type)) {
    throw new InvalidFault(`type must be one of ${FAULT_TYPES.join(', ')}`);
  }
  const rawOptions = input.options ?? {};
  if (!isObject(rawOptions)) throw new InvalidFault('options must be an object');

  let durationMs: number | null = null;
  if (input.durationMs !== undefined && input.durationMs !== null) {
    const d = input.durationMs;
    if (
      typeof d !== 'number' ||
      !Number.isInteger(d) ||
      d < LIMITS.durationMs.min ||
      d > LIMITS.durationMs.max
    ) {
      throw new InvalidFault(
        `durationMs must be an integer from ${LIMITS.durationMs.min} to ${LIMITS.durationMs.max} (1 s to 1 h)`,
      );
    }
    durationMs = d;
  }

  switch (type as FaultType) {
    case 'down':
    case 'hang':
      rejectUnknownKeys(rawOptions, [], `option for ${type}`);
      return { type: type as 'down' | 'hang', options: {}, durationMs };
    case 'latency':
      rejectUnknownKeys(rawOptions, ['ms', 'jitterMs'], 'latency option');
      return {
        type: 'latency',
        options: {
          ms: intOption(rawOptions, 'ms', LIMITS.latencyMs),
          jitterMs: intOption(rawOptions, 'jitterMs', LIMITS.latencyMs, 0),
        },
        durationMs,
      };
    case 'errors':
      rejectUnknownKeys(rawOptions, ['percent', 'status'], 'errors option');
      return {
        type: 'errors',
        options: {
          percent: numberOption(rawOptions, 'percent', LIMITS.percent),
          status: intOption(rawOptions, 'status', LIMITS.status, LIMITS.status.default),
        },
        durationMs,
      };
    case 'flapping':
      rejectUnknownKeys(rawOptions, ['upMs', 'downMs'], 'flapping option');
      return {
        type: 'flapping',
        options: {
          upMs: intOption(rawOptions, 'upMs', LIMITS.flapMs, LIMITS.flapMs.default),
          downMs: intOption(rawOptions, 'downMs', LIMITS.flapMs, LIMITS.flapMs.default),
        },
        durationMs,
      };
  }
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

const intSchema = (min: number, max: number) => ({ type: 'integer', minimum: min, maximum: max });
// null is accepted like an absent durationMs (no expiry).
const durationSchema = {
  type: ['integer', 'null'],
  minimum: LIMITS.durationMs.min,
  maximum: LIMITS.durationMs.max,
};
const noOptionsSchema = { type: 'object', additionalProperties: false, maxProperties: 0 };

function faultSchema(type: FaultType, options: JsonObject, optionsRequired: boolean): JsonObject {
  return {
    type: 'object',
    additionalProperties: false,
    required: optionsRequired ? ['type', 'options'] : ['type'],
    properties: { type: { type: 'string', const: type }, options, durationMs: durationSchema },
  };
}

/** One JSON schema per fault type (used for request validation and documentation). */
export const FAULT_SCHEMAS: Record<FaultType, JsonObject> = {
  down: faultSchema('down', noOptionsSchema, false),
  hang: faultSchema('hang', noOptionsSchema, false),
  latency: faultSchema(
    'latency',
    {
      type: 'object',
      additionalProperties: false,
      required: ['ms'],
      properties: {
        ms: intSchema(LIMITS.latencyMs.min, LIMITS.latencyMs.max),
        jitterMs: intSchema(LIMITS.latencyMs.min, LIMITS.latencyMs.max),
      },
    },
    true,
  ),
  errors: faultSchema(
    'errors',
    {
      type: 'object',
      additionalProperties: false,
      required: ['percent'],
      properties: {
        percent: { type: 'number', minimum: LIMITS.percent.min, maximum: LIMITS.percent.max },
        status: intSchema(LIMITS.status.min, LIMITS.status.max),
      },
    },
    true,
  ),
  flapping: faultSchema(
    'flapping',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        upMs: intSchema(LIMITS.flapMs.min, LIMITS.flapMs.max),
        downMs: intSchema(LIMITS.flapMs.min, LIMITS.flapMs.max),
      },
    },
    false,
  ),
};

/** Body schema of `PUT /faults/:target`: exactly one of the per-type schemas. */
export const FAULT_BODY_SCHEMA: JsonObject = { oneOf: FAULT_TYPES.map((type) => FAULT_SCHEMAS[type]) };
