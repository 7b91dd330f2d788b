// DNS rebinding: a hostile page whose name resolves to 127.0.0.1 reaches a loopback server with its own name in
// `Host`. Every process answers only the names it is known by: loopback by default, more from ALLOWED_HOSTS.
import { isIP } from 'node:net';
import { ApiError } from './api-error.js';
import { ConfigError } from './env.js';
import { definePlugin } from './plugin.js';

/** Always allowed, on any port. */
export const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/** The environment variable with more allowed names (comma-separated; `*` turns the check off). */
export const ALLOWED_HOSTS_ENV = 'ALLOWED_HOSTS';

const NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** A name without its port, lower-cased, without a final dot; IPv6 in brackets. Null when not a host name. */
function normalizeName(raw: string): string | null {
  let name = raw.trim().toLowerCase();
  if (name.startsWith('[') && name.endsWith(']')) {
    const inner = name.slice(1, -1);
    return isIP(inner) === 6 ? `[${inner}]` : null;
  }
  if (isIP(name) === 6) return `[${name}]`;
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name !== '' && name.length <= 253 && NAME.test(name) ? name : null;
}

/**
 * The host name of a `Host` header (`name`, `name:port`, `[v6]`, `[v6]:port`), normalised as the allow-list is;
 * null when missing or malformed (a bare IPv6 address or a bad port counts as malformed).
 */
export function hostnameOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const text = header.trim();
  let name = text;
  let port: string | undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return null;
    name = text.slice(0, end + 1);
    const rest = text.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return null;
      port = rest.slice(1);
    }
  } else {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      if (text.indexOf(':', colon + 1) >= 0) return null;
      name = text.slice(0, colon);
      port = text.slice(colon + 1);
    }
  }
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return null;
  return normalizeName(name);
}

/**
 * Reads ALLOWED_HOSTS: names (or IP addresses) answered besides loopback, on any port, e.g.
 * `shop.example.com,10.0.0.5`; `*` answers any name (behind a proxy that checks it). Throws a ConfigError naming
 * the bad entry.
 */
export function readAllowedHosts(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const raw = env[ALLOWED_HOSTS_ENV];
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      if (entry === '*') return '*';
      const name = normalizeName(entry);
      if (name === null) {
        throw new ConfigError(
          `${ALLOWED_HOSTS_ENV} must list host names or IP addresses without scheme or port, e.g. "shop.example.com,10.0.0.5" (got "${entry}")`,
        );
      }
      return name;
    });
}

/** True when `header` names a loopback host or one of `allowed` (normalised names, or `*` for any). */
export function isAllowedHost(header: string | undefined, allowed: readonly string[] = []): boolean {
  const name = hostnameOf(header);
  if (name === null) return false;
  if (allowed.includes('*')) return true;
  return LOOPBACK_HOSTS.includes(name) || allowed.includes(name);
}

/** 403 `HOST_NOT_ALLOWED`; the message never quotes the header (it is the caller's text). */
export function hostNotAllowedError(): ApiError<'HOST_NOT_ALLOWED'> {
  return new ApiError(
    403,
    'HOST_NOT_ALLOWED',
    `This server does not answer to the host name in the Host header (allowed: loopback and ${ALLOWED_HOSTS_ENV}).`,
  );
}

/** Options of {@link hostAllowListPlugin}. */
export interface HostAllowListOptions {
  /** Names answered besides loopback, as {@link readAllowedHosts} returns them. */
  allowedHosts?: readonly string[];
}

/** Refuses every request whose `Host` is not allowed with 403 `HOST_NOT_ALLOWED`, /health included. */
export const hostAllowListPlugin = definePlugin<HostAllowListOptions>(
  'service-kit-host-allow-list',
  async (app, opts) => {
    const allowed = opts.allowedHosts ?? [];
    app.addHook('onRequest', async (request) => {
      const host = request.headers.host ?? request.headers[':authority'];
      if (!isAllowedHost(typeof host === 'string' ? host : undefined, allowed)) throw hostNotAllowedError();
    });
  },
);
