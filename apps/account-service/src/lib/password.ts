import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { Semaphore } from './semaphore.js';

/** scrypt's cost: N (CPU/memory), r (block size), p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Cost of new hashes: one of OWASP's equivalent scrypt settings (N=2^16, r=8, p=2 costs the CPU of N=2^17, r=8,
 * p=1 with half its memory: 64 MiB a hash instead of 128 MiB; ~355 ms vs ~395 ms on the 2-core dev machine).
 * Stored in each hash, so it can change: a hash of other parameters is re-hashed at the next sign-in.
 */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 65536, r: 8, p: 2 });
/** Hashes computed at once per process by default (each holds 128·N·r bytes for its duration). */
export const DEFAULT_HASH_CONCURRENCY = 2;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
// Upper bounds accepted when reading a stored hash, so a corrupt row cannot make us burn unbounded memory.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;

/** Promise wrapper around the callback scrypt; the work runs on libuv's pool, not the event loop. */
function scryptAsync(
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function memoryFor(N: number, r: number): number {
  // scrypt needs 128·N·r bytes (plus a little); Node refuses above `maxmem` (32 MiB by default).
  return 128 * N * r * 2;
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash `scrypt$N$r$p$<salt b64>$<hash b64>`; undefined when this module cannot verify it. */
export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (N === undefined || r === undefined || p === undefined) return undefined;
  const validN = Number.isInteger(N) && N > 1 && N <= MAX_N && (N & (N - 1)) === 0;
  if (!validN || !Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) {
    return undefined;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || key.length === 0) return undefined;
  return { N, r, p, salt, key };
}

/** Options of {@link PasswordHasher}. */
export interface PasswordHasherOptions {
  /** Cost of new hashes (default {@link SCRYPT_PARAMS}; tests pass cheaper ones). */
  params?: ScryptParams;
  /** Hashes at once (default {@link DEFAULT_HASH_CONCURRENCY}); the rest wait their turn. */
  concurrency?: number;
}

/**
 * Hashes and verifies passwords with scrypt, at most `concurrency` at a time: 60 concurrent sign-ins must not
 * hold 60 × 64 MiB, nor take every libuv thread (session lookups' SQLite is synchronous and does not need them,
 * but file and DNS work does).
 */
export class PasswordHasher {
  readonly params: Readonly<ScryptParams>;
  private readonly slots: Semaphore;
  private dummy: Promise<string> | undefined;

  constructor(options: PasswordHasherOptions = {}) {
    this.params = Object.freeze({ ...(options.params ?? SCRYPT_PARAMS) });
    this.slots = new Semaphore(options.concurrency ?? DEFAULT_HASH_CONCURRENCY);
  }

  /** Hashes running now and waiting (tests and logs). */
  get load(): { running: number; queued: number } {
    return { running: this.slots.running, queued: this.slots.queued };
  }

  /** Hashes a password as `scrypt$N$r$p$<salt b64>$<hash b64>` with a fresh random salt. */
  async hash(password: string): Promise<string> {
    const { N, r, p } = this.params;
    const salt = randomBytes(SALT_BYTES);
    const key = await this.slots.run(() =>
      scryptAsync(password, salt, KEY_BYTES, { N, r, p, maxmem: memoryFor(N, r) }),
    );
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Checks a password against a stored hash (of any parameters) in constant time; false for a malformed one. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parsePasswordHash(stored);
    if (!parsed) return false;
    const { N, r, p, salt, key } = parsed;
    const candidate = await this.slots.run(() =>
      scryptAsync(password, salt, key.length, { N, r, p, maxmem: memoryFor(N, r) }),
    );
    return timingSafeEqual(candidate, key);
  }

  /** True when a stored hash was made with other parameters than today's (it is re-hashed at sign-in). */
  needsRehash(stored: string): boolean {
    const parsed = parsePasswordHash(stored);
    if (!parsed) return false;
    return parsed.N !== this.params.N || parsed.r !== this.params.r || parsed.p !== this.params.p;
  }

  /**
   * A hash of a random secret nobody knows, at today's parameters. Sign-in with an unknown e-mail verifies
   * against it, so it costs the same scrypt time as a known e-mail and the time does not reveal which exist.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64'));
    return this.dummy;
  }
}
