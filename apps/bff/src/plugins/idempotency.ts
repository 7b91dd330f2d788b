import { createHash } from 'node:crypto';
import { ApiError, definePlugin } from '@storefront/service-kit';
import type { FastifyRequest } from 'fastify';
import { identityScope } from '../identity.js';

/** Route `config.idempotency`: whether an `Idempotency-Key` header is accepted or required. */
export type IdempotencyMode = 'optional' | 'required';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotency?: IdempotencyMode;
  }
}

/** A completed answer kept for replays. */
export interface StoredResponse {
  status: number;
  payload: string;
  headers: Record<string, string>;
}

type Entry =
  | { state: 'in-flight'; fingerprint: string; expiresAt: number }
  | { state: 'done'; fingerprint: string; expiresAt: number; response: StoredResponse };

/** What `begin` found for a key. */
export type BeginResult =
  | { kind: 'new' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'reused' }
  | { kind: 'in-flight' };

export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 h). */
  ttlMs?: number;
  /** Bound of the store; the oldest keys are forgotten first (default 10 000). */
  maxEntries?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** In-memory store of idempotency keys (lost on restart; see decision 004). */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of remembered keys. */
  get size(): number {
    return this.entries.size;
  }

  /** Looks a key up and, when it is new, marks it as in flight. */
  begin(key: string, fingerprint: string): BeginResult {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now()) {
      if (existing.fingerprint !== fingerprint) return { kind: 'reused' };
      return existing.state === 'done'
        ? { kind: 'replay', response: existing.response }
        : { kind: 'in-flight' };
    }
    this.entries.delete(key);
    this.entries.set(key, { state: 'in-flight', fingerprint, expiresAt: this.now() + this.ttlMs });
    this.evict();
    return { kind: 'new' };
  }

  /** Stores the completed answer of an in-flight key. */
  complete(key: string, fingerprint: string, response: StoredResponse): void {
    this.entries.delete(key);
    this.entries.set(key, { state: 'done', fingerprint, expiresAt: this.now() + this.ttlMs, response });
    this.evict();
  }

  /** Forgets an in-flight key (the answer was a 5xx or never sent): the client may retry with it. */
  abandon(key: string): void {
    if (this.entries.get(key)?.state === 'in-flight') this.entries.delete(key);
  }

  private evict(): void {
    const now = this.now();
    // Insertion order = age order, so expired entries are at the front.
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

/** 1–255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
/** Headers replayed with a stored answer (never Set-Cookie: cookies belong to the first answer). */
const REPLAYED_HEADERS = ['content-type', 'storefront-degraded'];

/** JSON with object keys sorted at every level, so equal bodies hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of method, path and canonical JSON body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

interface Pending {
  key: string;
  fingerprint: string;
}

/**
 * `Idempotency-Key` on routes with `config.idempotency` (needs `request.identity`, so it runs after the
 * session plugin): replays completed 2xx/4xx answers with `Idempotent-Replayed: true`, 422 for a key reused
 * with another body, 409 while the first request runs. Keys are scoped to the caller.
 */
export const idempotencyPlugin = definePlugin<IdempotencyOptions>('idempotency', async (app, options) => {
  const store = new IdempotencyStore(options);
  const pending = new WeakMap<FastifyRequest, Pending>();

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.idempotency;
    if (!mode) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      if (mode === 'required') {
        throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'This request needs an Idempotency-Key header');
      }
      return;
    }
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new ApiError(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1 to 255 visible ASCII characters',
      );
    }
    // Routes with idempotency always resolve an identity first; without one there is no safe scope.
    if (!request.identity) return;
    const key = `${identityScope(request.identity)}\n${header}`;
    const path = request.url.split('?')[0] ?? request.url;
    const fingerprint = requestFingerprint(request.method, path, request.body);
    const found = store.begin(key, fingerprint);
    if (found.kind === 'reused') {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (found.kind === 'in-flight') {
      throw new ApiError(
        409,
        'IDEMPOTENCY_KEY_IN_USE',
        'A request with this Idempotency-Key is still running',
        {
          headers: { 'Retry-After': '1' },
        },
      );
    }
    if (found.kind === 'replay') {
      const { status, headers, payload } = found.response;
      return reply.code(status).headers(headers).header('idempotent-replayed', 'true').send(payload);
    }
    pending.set(request, { key, fingerprint });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const entry = pending.get(request);
    if (!entry) return payload;
    pending.delete(request);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      store.abandon(entry.key);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    store.complete(entry.key, entry.fingerprint, { status: reply.statusCode, payload, headers });
    return payload;
  });

  // The answer never went out (client gone, crash in a hook): let a retry with the key run again.
  app.addHook('onResponse', async (request) => {
    const entry = pending.get(request);
    if (entry) {
      pending.delete(request);
      store.abandon(entry.key);
    }
  });
});
