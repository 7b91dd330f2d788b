// The fault types and their options, written once: the validator (faults.ts), the request schemas and the list
// `GET /faults/types` serves are all read from this table, so that their types and bounds cannot disagree (one
// difference remains: the request schema refuses `options: null`, which the validator reads as no options, so a
// scenario step may write it and a PUT may not). The console and the chaos CLI ask for that list (through the BFF)
// instead of keeping their own copy; the CLI's test storefront imports this module (package.json `exports`) to
// answer like the real one. Types only from the contract: nothing of it is bundled.
import type { FaultTypesAnswer } from '@storefront/contract';

/** What an option's number means; the console and the CLI show it beside the bounds. */
export type OptionUnit = 'ms' | 'percent' | 'status';

/** One option of a fault type. */
export interface OptionRule {
  readonly description: string;
  readonly unit: OptionUnit;
  /** Inclusive bounds. */
  readonly min: number;
  readonly max: number;
  /** Filled in when the option is absent; null means the option is required. */
  readonly default: number | null;
  /** Whole numbers only; false lets fractions through (12.5 %). */
  readonly integer: boolean;
}

/** One fault type: what the proxy does and the options it reads. */
export interface FaultTypeRule {
  readonly description: string;
  readonly options: Readonly<Record<string, OptionRule>>;
}

const LATENCY_MS = { unit: 'ms', min: 0, max: 60_000, integer: true } as const;
const FLAP_MS = { unit: 'ms', min: 100, max: 600_000, default: 5_000, integer: true } as const;

/** Every fault type the proxy can inject, in the order the lists show them (docs/fault-injection.md, "Faults"). */
export const FAULT_TYPE_RULES = {
  down: {
    description: 'closes the listener: new connections are refused and open ones are dropped',
    options: {},
  },
  hang: {
    description: 'accepts requests and never answers them (sockets stay open until the client gives up)',
    options: {},
  },
  latency: {
    description: 'every request waits ms (+ a random 0 to jitterMs) before it is forwarded',
    options: {
      ms: { ...LATENCY_MS, description: 'delay added to every request', default: null },
      jitterMs: { ...LATENCY_MS, description: 'random extra delay, from 0 to this', default: 0 },
    },
  },
  errors: {
    description: 'the proxy answers that share of requests itself with a JSON error of that status',
    options: {
      percent: {
        description: 'share of requests that fail',
        unit: 'percent',
        min: 1,
        max: 100,
        default: null,
        integer: false,
      },
      status: {
        description: 'HTTP status of the injected error',
        unit: 'status',
        min: 500,
        max: 599,
        default: 503,
        integer: true,
      },
    },
  },
  flapping: {
    description: 'alternates down periods (connections refused) and up periods (forwarding), starting down',
    options: {
      upMs: { ...FLAP_MS, description: 'length of each up period' },
      downMs: { ...FLAP_MS, description: 'length of each down period' },
    },
  },
  'lost-response': {
    description:
      'forwards the request and reads the whole answer (the service has committed), then drops that share of answers: the connection is reset at once, or after holdMs',
    options: {
      percent: {
        description: 'share of answers that are lost',
        unit: 'percent',
        min: 1,
        max: 100,
        default: 100,
        integer: false,
      },
      holdMs: {
        ...LATENCY_MS,
        description: 'how long a lost answer is held before the connection is reset (0: at once)',
        default: 0,
      },
    },
  },
} as const satisfies Record<string, FaultTypeRule>;

/** One of the fault types. */
export type FaultType = keyof typeof FAULT_TYPE_RULES;

/** The fault types, in table order. */
export const FAULT_TYPES = Object.keys(FAULT_TYPE_RULES) as FaultType[];

/** A fault's `durationMs` (it expires by itself): 1 s to 1 h. */
export const DURATION_MS = { min: 1_000, max: 3_600_000 } as const;

/** The options of one type as the proxy holds them, defaults filled in. */
export type OptionsOf<T extends FaultType> = {
  -readonly [Name in keyof (typeof FAULT_TYPE_RULES)[T]['options']]: number;
};

export type LatencyOptions = OptionsOf<'latency'>;
export type ErrorsOptions = OptionsOf<'errors'>;
export type FlappingOptions = OptionsOf<'flapping'>;
export type LostResponseOptions = OptionsOf<'lost-response'>;

/** A validated fault with its defaults filled in; `durationMs` null means it never expires by itself. */
export type FaultSpec = { [T in FaultType]: { type: T; options: OptionsOf<T> } }[FaultType] & {
  durationMs: number | null;
};

/** The rule of a type, widened for code that walks any type's options. */
export function ruleOf(type: FaultType): FaultTypeRule {
  return FAULT_TYPE_RULES[type];
}

/** `GET /faults/types`: the contract's `FaultTypesAnswer` without `meta`, which the BFF adds. */
export type FaultTypesList = Omit<FaultTypesAnswer, 'meta'>;

/** The list of fault types with their options and bounds, as `GET /faults/types` answers it. */
export function faultTypesList(): FaultTypesList {
  return {
    types: FAULT_TYPES.map((type) => {
      const rule = ruleOf(type);
      return {
        type,
        description: rule.description,
        options: Object.entries(rule.options).map(([name, option]) => ({
          name,
          description: option.description,
          unit: option.unit,
          min: option.min,
          max: option.max,
          required: option.default === null,
          default: option.default,
        })),
      };
    }),
    durationMs: { min: DURATION_MS.min, max: DURATION_MS.max },
  };
}
