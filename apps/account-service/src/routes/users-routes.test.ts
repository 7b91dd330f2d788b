import { json } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorBody, signUp, startAccountApp, type UserBody } from '../testing/helpers.js';

let started: Awaited<ReturnType<typeof startAccountApp>>;

beforeAll(async () => {
  started = await startAccountApp();
});

afterAll(async () => {
  await started.close();
});

interface UserRow {
  email: string;
  name: string;
  password_hash: string;
  shipping_address: string | null;
}

function readUserRows(): UserRow[] {
  const sqlite = new Database(started.dbPath, { readonly: true });
  try {
    return sqlite.prepare<[], UserRow>('SELECT * FROM users ORDER BY id').all();
  } finally {
    sqlite.close();
  }
}

describe('POST /users', () => {
  it('creates the user with a trimmed, lower-cased e-mail and a trimmed name', async () => {
    const response = await signUp(started.app, {
      email: '  Grace.Hopper@Example.COM ',
      password: 'cobol-compiler-1959',
      name: '  Grace Hopper ',
    });
    expect(response.statusCode, response.body).toBe(201);
    const { user } = json<{ user: UserBody }>(response);
    expect(user).toEqual({ id: expect.any(Number), email: 'grace.hopper@example.com', name: 'Grace Hopper' });
  });

  it('stores only an scrypt hash, never the clear password, with a different salt per user', async () => {
    await signUp(started.app, { email: 'one@example.com', password: 'shared-password', name: 'One' });
    await signUp(started.app, { email: 'two@example.com', password: 'shared-password', name: 'Two' });
    const rows = readUserRows();
    const one = rows.find((row) => row.email === 'one@example.com');
    const two = rows.find((row) => row.email === 'two@example.com');
    expect(one?.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
    expect(one?.password_hash.split('$')[4]).not.toBe(two?.password_hash.split('$')[4]);
    expect(one?.password_hash).not.toBe(two?.password_hash);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain('shared-password');
      expect(JSON.stringify(row)).not.toContain('cobol-compiler-1959');
    }
  });

  it('answers 409 EMAIL_TAKEN for an e-mail already used, whatever its case and spaces', async () => {
    const first = await signUp(started.app, { email: 'dup@example.com', password: 'password-1', name: 'A' });
    expect(first.statusCode).toBe(201);
    const again = await signUp(started.app, { email: ' DUP@example.com', password: 'password-2', name: 'B' });
    expect(again.statusCode).toBe(409);
    expect(json<ErrorBody>(again).error.code).toBe('EMAIL_TAKEN');
  });

  it('never returns the password or its hash', async () => {
    const response = await signUp(started.app, {
      email: 'c@example.com',
      password: 'visible?-no',
      name: 'C',
    });
    expect(response.body).not.toContain('visible?-no');
    expect(response.body).not.toContain('scrypt');
  });

  it.each([
    ['missing e-mail', { password: 'password-1', name: 'A' }, 'email'],
    ['missing password', { email: 'v@example.com', name: 'A' }, 'password'],
    ['missing name', { email: 'v@example.com', password: 'password-1' }, 'name'],
    ['unknown field', { email: 'v@example.com', password: 'password-1', name: 'A', admin: true }, 'admin'],
    ['bad e-mail', { email: 'not-an-email', password: 'password-1', name: 'A' }, 'email'],
    ['e-mail with a space', { email: 'a b@example.com', password: 'password-1', name: 'A' }, 'email'],
    ['e-mail without a domain dot', { email: 'a@localhost', password: 'password-1', name: 'A' }, 'email'],
    ['short password', { email: 'v@example.com', password: 'seven77', name: 'A' }, 'password'],
    ['long password', { email: 'v@example.com', password: 'x'.repeat(129), name: 'A' }, 'password'],
    ['password not a string', { email: 'v@example.com', password: 12345678, name: 'A' }, 'password'],
    ['blank name', { email: 'v@example.com', password: 'password-1', name: '   ' }, 'name'],
    ['long name', { email: 'v@example.com', password: 'password-1', name: 'n'.repeat(81) }, 'name'],
  ])('answers 400 INVALID_BODY for a %s', async (_label, body, field) => {
    const response = await signUp(started.app, body);
    expect(response.statusCode, response.body).toBe(400);
    const { error } = json<ErrorBody>(response);
    expect(error.code).toBe('INVALID_BODY');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('accepts the password length bounds (8 and 128 characters)', async () => {
    const short = await signUp(started.app, { email: 'p8@example.com', password: '12345678', name: 'P' });
    const long = await signUp(started.app, {
      email: 'p128@example.com',
      password: 'y'.repeat(128),
      name: 'P',
    });
    expect([short.statusCode, long.statusCode]).toEqual([201, 201]);
  });

  it('answers 400 INVALID_BODY for a body that is not a JSON object', async () => {
    for (const payload of ['{"email":', '[]', '"text"']) {
      const response = await started.app.inject({
        method: 'POST',
        url: '/users',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
      expect(json<ErrorBody>(response).error.code).toBe('INVALID_BODY');
    }
    const empty = await started.app.inject({ method: 'POST', url: '/users' });
    expect(empty.statusCode).toBe(400);
    expect(json<ErrorBody>(empty).error.code).toBe('INVALID_BODY');
  });
});
