// The services trust a shopper's identity only from the BFF. Anyone else who can reach a service's port (another
// process on the machine, a page rebinding DNS, a caller going through the fault proxy's ports) could otherwise
// set `x-user-id: 1` and read user 1's profile. The BFF signs each upstream request with a secret it shares with
// the services (`SERVICE_SECRET`, generated at start-up by the supervisor's stack): an HMAC-SHA256 over the
// method, the path with its query, a timestamp and the identity headers' values.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from './api-error.js';
import { ConfigError } from './env.js';
import { definePlugin } from './plugin.js';

/** The request's HMAC (base64url). */
export const SERVICE_SIGNATURE_HEADER = 'x-storefront-signature';
/** When the request was signed, in epoch milliseconds. */
export const SERVICE_TIMESTAMP_HEADER = 'x-storefront-timestamp';
/** Headers that name a shopper: a request carrying one must be signed, and their values are signed. */
export const IDENTITY_HEADERS = ['x-user-id', 'x-anonymous-cart'] as const;
/** The environment variable holding the shared secret. */
export const SERVICE_SECRET_ENV = 'SERVICE_SECRET';
/** Shortest secret accepted: 256 bits, the HMAC-SHA256 block's worth of a random key. */
export const MIN_SERVICE_SECRET_BYTES = 32;
/** How far a signature's timestamp may be from the service's clock, either way (retries re-sign). */
export const SERVICE_CREDENTIAL_MAX_SKEW_MS = 60_000;

/** Header values as Node gives them (or as the BFF sets them). */
export type HeaderValues = Readonly<Record<string, string | string[] | undefined>>;

/** Why a credential was refused (logged by the service, never sent). */
export type CredentialFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

const TIMESTAMP = /^[0-9]{1,15}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Which requests may come from anyone (see {@link needsServiceCredential}). */
export interface OpenRequests {
  /** Reads (GET, HEAD) without an identity header pass unsigned: a service whose reads are public (catalog). */
  publicReads: boolean;
}

/**
 * True when a request must carry the BFF's credential: every write and every request naming a shopper; every
 * read too unless the service's reads are public. `GET /health` never does (supervisors and probes poll it).
 */
export function needsServiceCredential(
  method: string,
  path: string,
  headers: HeaderValues,
  open: OpenRequests = { publicReads: false },
): boolean {
  if (method !== 'GET' && method !== 'HEAD') return true;
  if (IDENTITY_HEADERS.some((name) => headers[name] !== undefined)) return true;
  return !open.publicReads && path !== '/health';
}

/** Signs and verifies requests between the BFF and the services with one shared secret. */
export class ServiceCredential {
  private readonly key: Buffer;

  /** Throws a {@link ConfigError} when the secret is shorter than {@link MIN_SERVICE_SECRET_BYTES}. */
  constructor(secret: string) {
    if (Buffer.byteLength(secret, 'utf8') < MIN_SERVICE_SECRET_BYTES) {
      throw new ConfigError(
        `${SERVICE_SECRET_ENV} must be at least ${MIN_SERVICE_SECRET_BYTES} bytes (e.g. 32 random bytes in base64url)`,
      );
    }
    this.key = Buffer.from(secret, 'utf8');
  }

  /** The two headers that make a request to `target` (path with query) trusted; `headers` hold its identity. */
  sign(
    method: string,
    target: string,
    headers: HeaderValues,
    now: number = Date.now(),
  ): Record<string, string> {
    const timestamp = String(Math.trunc(now));
    return {
      [SERVICE_SIGNATURE_HEADER]: this.mac(method, target, timestamp, headers),
      [SERVICE_TIMESTAMP_HEADER]: timestamp,
    };
  }

  /** Null when the request carries a fresh credential for exactly this method, target and identity. */
  verify(
    method: string,
    target: string,
    headers: HeaderValues,
    now: number = Date.now(),
    maxSkewMs: number = SERVICE_CREDENTIAL_MAX_SKEW_MS,
  ): CredentialFailure | null {
    const signature = single(headers[SERVICE_SIGNATURE_HEADER]);
    const timestamp = single(headers[SERVICE_TIMESTAMP_HEADER]);
    if (signature === undefined || timestamp === undefined) return 'missing';
    if (!SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp)) return 'malformed';
    if (Math.abs(now - Number(timestamp)) > maxSkewMs) return 'stale';
    const expected = Buffer.from(this.mac(method, target, timestamp, headers));
    // Same length by construction (both 43 base64url characters): timingSafeEqual never throws here.
    return timingSafeEqual(expected, Buffer.from(signature)) ? null : 'mismatch';
  }

  private mac(method: string, target: string, timestamp: string, headers: HeaderValues): string {
    // JSON keeps the fields apart whatever they contain; an absent header (null) differs from an empty one.
    const identity = IDENTITY_HEADERS.map((name) => single(headers[name]) ?? null);
    const canonical = JSON.stringify([
      'storefront-service-v1',
      method.toUpperCase(),
      target,
      timestamp,
      ...identity,
    ]);
    return createHmac('sha256', this.key).update(canonical).digest('base64url');
  }
}

/**
 * `SERVICE_SECRET` from the environment. There is no default: a process started without it stops with a
 * ConfigError naming the variable (`npm start`, e2e and bench generate one per run).
 */
export function readServiceSecret(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[SERVICE_SECRET_ENV];
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(
      `${SERVICE_SECRET_ENV} is required: the secret the BFF signs service calls with (at least ${MIN_SERVICE_SECRET_BYTES} bytes; npm start generates one)`,
    );
  }
  // Checked here too so that the start fails before anything listens.
  new ServiceCredential(value);
  return value;
}

/** Options of {@link serviceCredentialPlugin}. */
export interface ServiceCredentialOptions {
  /** The secret shared with the BFF (at least {@link MIN_SERVICE_SECRET_BYTES} bytes). */
  secret: string;
  /** Reads without identity pass unsigned (default false: only `GET /health` does). */
  publicReads?: boolean;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/**
 * Refuses, with 401 `UNTRUSTED_CALLER`, every request that needs the BFF's credential ({@link
 * needsServiceCredential}) and lacks a valid, fresh one. `GET /health`, and with `publicReads` every read
 * without identity (catalog pages), pass untouched.
 */
export const serviceCredentialPlugin = definePlugin<ServiceCredentialOptions>(
  'service-kit-service-credential',
  async (app, opts) => {
    const credential = new ServiceCredential(opts.secret);
    const now = opts.now ?? Date.now;
    const open: OpenRequests = { publicReads: opts.publicReads ?? false };
    app.addHook('onRequest', async (request) => {
      // The matched route's path: `/health?x` is still the health route; an unknown path needs the credential.
      if (!needsServiceCredential(request.method, request.routeOptions.url ?? '', request.headers, open))
        return;
      const failure = credential.verify(
        request.method,
        request.raw.url ?? request.url,
        request.headers,
        now(),
      );
      if (failure === null) return;
      request.log.warn({ credential: failure }, 'request without a valid service credential refused');
      throw new ApiError(401, 'UNTRUSTED_CALLER', 'Only the storefront BFF may call this service.');
    });
  },
);
