import { ConfigError } from '@storefront/service-kit';
import type { TargetSpec } from './plugins/targets-plugin.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `SUPERVISOR_URL`, the loopback API of the supervisor that runs the stack (`npm start` sets it): scenario
 * kill steps ask it to kill a process. Unset or empty: null, and scenarios with kill steps cannot be run.
 */
export function parseSupervisorUrl(raw: string | undefined): URL | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(
      `SUPERVISOR_URL must be an absolute URL like "http://127.0.0.1:5900" (got "${raw}")`,
    );
  }
  if (url.protocol !== 'http:') throw new ConfigError(`SUPERVISOR_URL must be an http:// URL (got "${raw}")`);
  return url;
}

const EXAMPLE = '[{"name":"catalog","kind":"service","listen":5001,"upstream":"http://127.0.0.1:4001"}]';

/** Parses `FAULT_PROXY_TARGETS` (a JSON array of targets); throws a ConfigError that says what is wrong. */
export function parseTargets(raw: string | undefined): TargetSpec[] {
  if (raw === undefined || raw.trim() === '') {
    throw new ConfigError(`FAULT_PROXY_TARGETS is required: a JSON array such as ${EXAMPLE}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(
      `FAULT_PROXY_TARGETS is not valid JSON (${(error as Error).message}); expected ${EXAMPLE}`,
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ConfigError(`FAULT_PROXY_TARGETS must be a non-empty JSON array such as ${EXAMPLE}`);
  }
  const names = new Set<string>();
  const ports = new Set<number>();
  return parsed.map((item: unknown, index): TargetSpec => {
    const where = `FAULT_PROXY_TARGETS[${index}]`;
    if (!isObject(item)) throw new ConfigError(`${where} must be an object { name, kind, listen, upstream }`);
    const { name, kind, listen, upstream } = item;
    if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) {
      throw new ConfigError(`${where}.name must be a lower-case name like "catalog" or "remote-cart"`);
    }
    if (names.has(name)) throw new ConfigError(`${where}.name "${name}" is used twice`);
    names.add(name);
    if (kind !== 'service' && kind !== 'remote')
      throw new ConfigError(`${where}.kind must be "service" or "remote"`);
    if (typeof listen !== 'number' || !Number.isInteger(listen) || listen < 1 || listen > 65535) {
      throw new ConfigError(`${where}.listen must be a port from 1 to 65535`);
    }
    if (ports.has(listen)) throw new ConfigError(`${where}.listen ${listen} is used twice`);
    ports.add(listen);
    let url: URL;
    try {
      url = new URL(String(upstream));
    } catch {
      throw new ConfigError(`${where}.upstream must be an absolute URL like "http://127.0.0.1:4001"`);
    }
    if (url.protocol !== 'http:') throw new ConfigError(`${where}.upstream must be an http:// URL`);
    return { name, kind, listen, upstream: url.toString() };
  });
}
