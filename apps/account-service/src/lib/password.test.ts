import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, parsePasswordHash, verifyPassword } from './password.js';

const FORMAT = /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/;

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(FORMAT);
    const parsed = parsePasswordHash(stored);
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(64);
    expect(stored).not.toContain('correct horse battery');
  });

  it('uses a different salt (and hash) each time, even for the same password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.salt.equals(parsePasswordHash(b)?.salt ?? Buffer.alloc(0))).toBe(false);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('s3cret-pass');
    expect(await verifyPassword('s3cret-pass', stored)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
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
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });

  it('has a dummy hash of the same format for unknown e-mails, always the same within a process', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(FORMAT);
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(await verifyPassword('password123', dummy)).toBe(false);
  });
});
