/** The scenarios every mocked service supports. */
export const scenarioNames = ['normal', 'degraded', 'unavailable'] as const;

/** `normal`: live answers; `degraded`: saved answers with the degraded contract; `unavailable`: 503s. */
export type ScenarioName = (typeof scenarioNames)[number];

/** Tells whether a string (e.g. from `?scenario=`) names a scenario. */
export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (scenarioNames as readonly string[]).includes(value);
}
