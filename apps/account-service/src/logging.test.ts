import { join } from 'node:path';
import { Writable } from 'node:stream';
import { signed, TEST_SERVICE_SECRET, tempDir } from '@storefront/service-kit/testing';
import { expect, it } from 'vitest';
import { build } from './app.js';
import { TEST_PASSWORDS } from './testing/helpers.js';

/** A stream that keeps every log line written to it. */
function captureStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

it('never logs the password or the session token across sign-up, sign-in, session check and sign-out', async () => {
  const temp = tempDir('account-service');
  const logs = captureStream();
  const app = build({
    dbPath: join(temp.dir, 'account.db'),
    serviceSecret: TEST_SERVICE_SECRET,
    passwords: TEST_PASSWORDS,
    logger: { level: 'trace', stream: logs.stream },
  });
  const password = 'Pa55word-that-must-not-leak';
  try {
    await app.ready();
    const created = await app.inject({
      ...signed({ method: 'POST', url: '/users' }),
      payload: { email: 'secret@example.com', password, name: 'Secret' },
    });
    expect(created.statusCode).toBe(201);
    const signedIn = await app.inject({
      ...signed({ method: 'POST', url: '/sessions' }),
      payload: { email: 'secret@example.com', password },
    });
    expect(signedIn.statusCode).toBe(201);
    const token = (JSON.parse(signedIn.body) as { session: { token: string } }).session.token;
    const headers = { authorization: `Bearer ${token}`, cookie: `sf_session=${token}` };
    expect((await app.inject(signed({ method: 'GET', url: '/sessions/current', headers }))).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject(signed({ method: 'DELETE', url: '/sessions/current', headers }))).statusCode,
    ).toBe(204);
    // A failed sign-in, a failed session check and a refused (unsigned) caller log nothing secret either.
    await app.inject({
      ...signed({ method: 'POST', url: '/sessions' }),
      payload: { email: 'secret@example.com', password },
    });
    await app.inject(signed({ method: 'GET', url: '/sessions/current', headers }));
    await app.inject({ method: 'GET', url: '/sessions/current', headers });

    // Logging something that carries the secrets directly is redacted too (belt and braces).
    app.log.info({ user: { password }, session: { token }, req: { headers } }, 'explicit secrets');

    const output = logs.text();
    expect(output).toContain('"msg":"request completed"');
    expect(output).toContain('explicit secrets');
    expect(output).not.toContain(password);
    expect(output).not.toContain(token);
    expect(output).toContain('[redacted]');
    for (const line of output.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  } finally {
    await app.close();
    temp.cleanup();
  }
});
