import { createHash } from 'node:crypto';
import { json, signed } from '@storefront/service-kit/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentSession,
  type ErrorBody,
  signIn,
  signUp,
  startAccountApp,
  type UserBody,
} from '../testing/helpers.js';

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
    expect(one?.password_hash).toMatch(/^scrypt\$1024\$8\$1\$[^$]+\$[^$]+$/);
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
  ])('answers 400 INVALID_REQUEST for a %s', async (_label, body, field) => {
    const response = await signUp(started.app, body);
    expect(response.statusCode, response.body).toBe(400);
    const { error } = json<ErrorBody>(response);
    expect(error.code).toBe('INVALID_REQUEST');
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

  it('answers 400 INVALID_REQUEST for a body that is not a JSON object', async () => {
    for (const payload of ['{"email":', '[]', '"text"']) {
      const response = await started.app.inject({
        ...signed({ method: 'POST', url: '/users', headers: { 'content-type': 'application/json' } }),
        payload,
      });
      expect(response.statusCode, payload).toBe(400);
      expect(json<ErrorBody>(response).error.code).toBe('INVALID_REQUEST');
    }
    const empty = await started.app.inject(signed({ method: 'POST', url: '/users' }));
    expect(empty.statusCode).toBe(400);
    expect(json<ErrorBody>(empty).error.code).toBe('INVALID_REQUEST');
  });
});

function readLedgerRows(): Record<string, unknown>[] {
  const sqlite = new Database(started.dbPath, { readonly: true });
  try {
    return sqlite.prepare<[], Record<string, unknown>>('SELECT * FROM idempotency_keys').all();
  } finally {
    sqlite.close();
  }
}

function usersWithEmail(email: string): number {
  return readUserRows().filter((row) => row.email === email).length;
}

describe('POST /users with an Idempotency-Key', () => {
  const key = (name: string) => ({ 'idempotency-key': name });

  it('creates the user once: a retry replays 201 { user } with Idempotent-Replayed', async () => {
    const body = { email: 'once@example.com', password: 'password-once', name: 'Once' };
    const first = await signUp(started.app, body, key('signup-once'));
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const again = await signUp(started.app, body, key('signup-once'));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(json(again)).toEqual(json(first));
    expect(usersWithEmail('once@example.com')).toBe(1);
  });

  it('creates one user for two concurrent sign-ups with one key: the later one replays', async () => {
    const body = { email: 'twice@example.com', password: 'password-twice', name: 'Twice' };
    const answers = await Promise.all([
      signUp(started.app, body, key('signup-twice')),
      signUp(started.app, body, key('signup-twice')),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201]);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(answers[0]?.body).toBe(answers[1]?.body);
    expect(usersWithEmail('twice@example.com')).toBe(1);
  });

  it('lets a replayed sign-up sign the shopper in: the same user, then a new working session', async () => {
    const body = { email: 'retry@example.com', password: 'password-retry', name: 'Retry' };
    const first = json<{ user: UserBody }>(await signUp(started.app, body, key('signup-retry'))).user;
    // The first answer was lost: the BFF retries the sign-up with the same key, then signs in as always.
    const replayed = await signUp(started.app, body, key('signup-retry'));
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(json<{ user: UserBody }>(replayed).user).toEqual(first);

    const signedIn = await signIn(started.app, body.email, body.password);
    expect(signedIn.statusCode, signedIn.body).toBe(201);
    const { token } = json<{ session: { token: string } }>(signedIn).session;
    const current = await currentSession(started.app, token);
    expect(current.statusCode).toBe(200);
    expect(json<{ user: UserBody }>(current).user).toEqual(first);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another password or name', async () => {
    const body = { email: 'reuse@example.com', password: 'password-reuse', name: 'Reuse' };
    expect((await signUp(started.app, body, key('signup-reuse'))).statusCode).toBe(201);
    for (const changed of [
      { ...body, password: 'password-other' },
      { ...body, name: 'Someone Else' },
    ]) {
      const reused = await signUp(started.app, changed, key('signup-reuse'));
      expect(reused.statusCode, JSON.stringify(changed)).toBe(422);
      expect(json<ErrorBody>(reused).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(reused.body).not.toContain('password-');
    }
    expect(usersWithEmail('reuse@example.com')).toBe(1);
    // The first sign-up stands: its password still signs in, the refused one does not.
    expect((await signIn(started.app, body.email, 'password-reuse')).statusCode).toBe(201);
    expect((await signIn(started.app, body.email, 'password-other')).statusCode).toBe(401);
  });

  it('keeps 409 EMAIL_TAKEN for a taken e-mail under a new key, and stores nothing for it', async () => {
    const body = { email: 'taken@example.com', password: 'password-taken', name: 'Taken' };
    expect((await signUp(started.app, body)).statusCode).toBe(201);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const again = await signUp(started.app, body, key('signup-taken'));
      expect(again.statusCode).toBe(409);
      expect(json<ErrorBody>(again).error.code).toBe('EMAIL_TAKEN');
    }
    expect(started.app.ledger.count('signup:taken@example.com')).toBe(0);
  });

  it('scopes the key to the normalised e-mail', async () => {
    const body = { email: ' Scoped@Example.com', password: 'password-scoped', name: 'Scoped' };
    await signUp(started.app, body, key('signup-scoped'));
    expect(started.app.ledger.count('signup:scoped@example.com')).toBe(1);
    // The same key for another e-mail is another shopper's request.
    const other = await signUp(
      started.app,
      { ...body, email: 'other-scoped@example.com' },
      key('signup-scoped'),
    );
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key with 400 INVALID_IDEMPOTENCY_KEY before creating anything', async () => {
    const body = { email: 'badkey@example.com', password: 'password-badkey', name: 'Bad' };
    const response = await signUp(started.app, body, key('x'.repeat(256)));
    expect(response.statusCode).toBe(400);
    expect(json<ErrorBody>(response).error.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(usersWithEmail('badkey@example.com')).toBe(0);
  });

  it('stores neither the password nor any hash of it with the key', async () => {
    const password = 'ledger-must-not-hold-this';
    const body = { email: 'ledger@example.com', password, name: 'Ledger' };
    await signUp(started.app, body, key('signup-ledger'));
    const sha256 = createHash('sha256').update(password).digest();
    const stored = JSON.stringify(readLedgerRows());
    expect(stored).toContain('ledger@example.com');
    for (const secret of [password, sha256.toString('hex'), sha256.toString('base64'), 'scrypt$']) {
      expect(stored).not.toContain(secret);
    }
  });
});
