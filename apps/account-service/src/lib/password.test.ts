import { describe, expect, it } from 'vitest';
import { TEST_SCRYPT_PARAMS } from '../testing/helpers.js';
import { PasswordHasher, parsePasswordHash, SCRYPT_PARAMS } from './password.js';

const B64 = '[A-Za-z0-9+/]+=*';
const TEST_FORMAT = new RegExp(`^scrypt\\$1024\\$8\\$1\\$${B64}\\$${B64}$`);
const hasher = new PasswordHasher({ params: TEST_SCRYPT_PARAMS });

describe('password hashing', () => {
  it('hashes at the production cost by default: OWASP N=2^16, r=8, p=2, written into the hash', async () => {
    const production = new PasswordHasher();
    expect(production.params).toEqual({ N: 65536, r: 8, p: 2 });
    expect(SCRYPT_PARAMS).toEqual(production.params);
    const stored = await production.hash('correct horse battery');
    expect(stored).toMatch(new RegExp(`^scrypt\\$65536\\$8\\$2\\$${B64}\\$${B64}$`));
    expect(await production.verify('correct horse battery', stored)).toBe(true);
    expect(production.needsRehash(stored)).toBe(false);
  }, 30_000);

  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(TEST_FORMAT);
    const parsed = parsePasswordHash(stored);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(64);
    expect(stored).not.toContain('correct horse battery');
  });

  it('uses a different salt (and hash) each time, even for the same password', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.salt.equals(parsePasswordHash(b)?.salt ?? Buffer.alloc(0))).toBe(false);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hasher.hash('s3cret-pass');
    expect(await hasher.verify('s3cret-pass', stored)).toBe(true);
    expect(await hasher.verify('s3cret-pasS', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('verifies a hash of other parameters (read from the hash) and says it needs a re-hash', async () => {
    const old = await new PasswordHasher({ params: { N: 16384, r: 8, p: 1 } }).hash('old-password');
    expect(old.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await hasher.verify('old-password', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('old-password'))).toBe(false);
    expect(hasher.needsRehash('not a hash')).toBe(false);
  });

  it('rejects malformed or unsupported stored hashes instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      'bcrypt$16384$8$1$c2FsdA==$aGFzaA==',
      'scrypt$1000$8$1$c2FsdA==$aGFzaA==',
      'scrypt$16384$8$1$$aGFzaA==',
      'scrypt$33554432$8$1$c2FsdA==$aGFzaA==',
    ]) {
      expect(await hasher.verify('anything', stored), stored).toBe(false);
    }
  });

  it('has a dummy hash at its own cost for unknown e-mails, always the same within a hasher', async () => {
    const dummy = await hasher.dummyHash();
    expect(dummy).toMatch(TEST_FORMAT);
    expect(await hasher.dummyHash()).toBe(dummy);
    expect(await hasher.verify('password123', dummy)).toBe(false);
  });

  it('runs at most `concurrency` hashes at once; the others wait their turn', async () => {
    const bounded = new PasswordHasher({ params: TEST_SCRYPT_PARAMS, concurrency: 2 });
    let most = 0;
    const hashes = Array.from({ length: 8 }, () => bounded.hash('x'.repeat(12)));
    // Sampled on each turn of the event loop while the hashes run on libuv's pool.
    const sample = setInterval(() => {
      most = Math.max(most, bounded.load.running);
    }, 0);
    expect(bounded.load).toEqual({ running: 2, queued: 6 });
    await Promise.all(hashes);
    clearInterval(sample);
    expect(most).toBeLessThanOrEqual(2);
    expect(bounded.load).toEqual({ running: 0, queued: 0 });
  });
});
