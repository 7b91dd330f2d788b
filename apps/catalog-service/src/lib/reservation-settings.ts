/** A setting read from the environment: its default and the bounds `readInteger` enforces. */
export interface IntegerSetting {
  env: string;
  fallback: number;
  min: number;
  max: number;
}

/**
 * How long a reservation holds stock before the sweeper returns it (`RESERVATION_TTL_MS`). A checkout takes
 * well under a second, so two minutes leaves room for retries without holding stock for long after a crash.
 */
export const RESERVATION_TTL: IntegerSetting = {
  env: 'RESERVATION_TTL_MS',
  fallback: 120_000,
  min: 1_000,
  max: 3_600_000,
};

/** How often the sweeper looks for expired reservations (`RESERVATION_SWEEP_EVERY_MS`). */
export const RESERVATION_SWEEP_EVERY: IntegerSetting = {
  env: 'RESERVATION_SWEEP_EVERY_MS',
  fallback: 5_000,
  min: 100,
  max: 600_000,
};

/** Throws when `value` is not an integer within the setting's bounds (build options follow the env's rules). */
export function checkSetting(setting: IntegerSetting, name: string, value: number): number {
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    throw new RangeError(`${name} must be an integer from ${setting.min} to ${setting.max}, got ${value}`);
  }
  return value;
}
