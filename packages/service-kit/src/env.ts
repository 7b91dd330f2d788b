// Reading a process's settings from its environment: a bad value stops the start with the variable's name.

/** A setting that cannot be used; `runServer` prints its message and exits 1. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** An integer variable within bounds; `fallback` when unset or empty. */
export function readInteger(
  name: string,
  fallback: number,
  bounds: { min: number; max: number },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < bounds.min || parsed > bounds.max) {
    throw new ConfigError(`${name} must be an integer from ${bounds.min} to ${bounds.max}, got "${value}"`);
  }
  return parsed;
}

/** A TCP port variable (0 = any free port). */
export function readPort(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  return readInteger(name, fallback, { min: 0, max: 65535 }, env);
}

/** A text variable; `fallback` when unset or empty. */
export function readText(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

/** What every process reads the same way: `PORT` (its own default), `HOST` (loopback) and `LOG_LEVEL`. */
export function readServerSettings(
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): { port: number; host: string; logLevel: string } {
  return {
    port: readPort('PORT', defaultPort, env),
    host: readText('HOST', '127.0.0.1', env),
    logLevel: readText('LOG_LEVEL', 'info', env),
  };
}
