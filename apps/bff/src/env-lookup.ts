// How the BFF reads a variable: blank counts as unset, and a per-upstream `BFF_<UP>_<SUFFIX>` wins over the
// general `BFF_<SUFFIX>` (config.ts, breaker-config.ts).

export type Env = Readonly<Record<string, string | undefined>>;

export function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** `${prefix}${suffix}` wins over `BFF_${suffix}`; the variable's name and its text, or undefined when neither is set. */
export function lookupSetting(
  env: Env,
  prefix: string,
  suffix: string,
): { name: string; raw: string } | undefined {
  const specific = `${prefix}${suffix}`;
  const specificValue = env[specific];
  if (present(specificValue)) return { name: specific, raw: specificValue };
  const general = `BFF_${suffix}`;
  const generalValue = env[general];
  if (present(generalValue)) return { name: general, raw: generalValue };
  return undefined;
}
