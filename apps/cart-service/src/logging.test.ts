import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { loggerOptions, REDACT_PATHS } from './lib/logging.js';
import { snapshot } from './testing/fixtures.js';
import { startTestApp } from './testing/temp-app.js';

const SECRET_CART_ID = 'SeCrEtCaRtIdNeverLogged_42';

it('never writes the anonymous cart id (or cookies and tokens) to the log', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  const started = await startTestApp({ logger: loggerOptions('trace', stream) });
  const { app } = started;
  try {
    const secrets = {
      'x-anonymous-cart': SECRET_CART_ID,
      cookie: `sf_cart=${SECRET_CART_ID}`,
      authorization: `Bearer ${SECRET_CART_ID}`,
    };
    await app.inject({
      method: 'PUT',
      url: '/cart/lines/1',
      headers: { 'x-anonymous-cart': SECRET_CART_ID },
      payload: { quantity: 1, mode: 'add', snapshot: snapshot() },
    });
    await app.inject({ method: 'GET', url: '/cart', headers: { 'x-anonymous-cart': SECRET_CART_ID } });
    await app.inject({ method: 'GET', url: '/cart', headers: secrets });
    await app.inject({ method: 'PUT', url: '/cart/lines/1', headers: secrets, payload: { bad: true } });
    await app.inject({
      method: 'POST',
      url: '/cart/merge',
      headers: { 'x-user-id': '9' },
      payload: { anonymousCartId: SECRET_CART_ID },
    });
    await app.inject({
      method: 'POST',
      url: '/cart/merge',
      headers: { 'x-user-id': '9' },
      payload: { anonymousCartId: `${SECRET_CART_ID}!` },
    });
  } finally {
    await started.close();
  }

  const output = lines.join('');
  // The capture really is the service's log: requests, merges and the explicit line are there.
  expect(output).toContain('incoming request');
  expect(output).toContain('anonymous cart merged');
  expect(output).not.toContain(SECRET_CART_ID);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
});

it('redacts authorization, cookie, x-anonymous-cart and set-cookie in every logger it builds', () => {
  const options = loggerOptions('info');
  expect(options.redact).toEqual(REDACT_PATHS);
  expect(REDACT_PATHS).toEqual([
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-anonymous-cart"]',
    'res.headers["set-cookie"]',
  ]);
});
