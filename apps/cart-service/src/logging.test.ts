import { Writable } from 'node:stream';
import { signed, startTestApp, TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyServerOptions } from 'fastify';
import { expect, it } from 'vitest';
import { build } from './app.js';
import { snapshot } from './testing/fixtures.js';

const SECRET_CART_ID = 'SeCrEtCaRtIdNeverLogged_42';

/** A stream that keeps every log line written to it. */
function captureStream(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines };
}

function startLogged(logger: FastifyServerOptions['logger']) {
  return startTestApp('cart-service', 'cart.db', (dbPath) =>
    build({ dbPath, logger, serviceSecret: TEST_SERVICE_SECRET }),
  );
}

it('never writes the anonymous cart id (or cookies and tokens) to the log', async () => {
  const { stream, lines } = captureStream();
  const started = await startLogged({ level: 'trace', stream });
  const { app } = started;
  try {
    const secrets = {
      'x-anonymous-cart': SECRET_CART_ID,
      cookie: `sf_cart=${SECRET_CART_ID}`,
      authorization: `Bearer ${SECRET_CART_ID}`,
    };
    await app.inject({
      ...signed({ method: 'PUT', url: '/cart/lines/1', headers: { 'x-anonymous-cart': SECRET_CART_ID } }),
      payload: { quantity: 1, mode: 'add', snapshot: snapshot() },
    });
    await app.inject(
      signed({ method: 'GET', url: '/cart', headers: { 'x-anonymous-cart': SECRET_CART_ID } }),
    );
    await app.inject(signed({ method: 'GET', url: '/cart', headers: secrets }));
    await app.inject({
      ...signed({ method: 'PUT', url: '/cart/lines/1', headers: secrets }),
      payload: { bad: true },
    });
    // Refused callers are logged too: the id must not show there either.
    await app.inject({ method: 'GET', url: '/cart', headers: secrets });
    await app.inject({
      ...signed({ method: 'POST', url: '/cart/merge', headers: { 'x-user-id': '9' } }),
      payload: { anonymousCartId: SECRET_CART_ID },
    });
    await app.inject({
      ...signed({ method: 'POST', url: '/cart/merge', headers: { 'x-user-id': '9' } }),
      payload: { anonymousCartId: `${SECRET_CART_ID}!` },
    });
  } finally {
    await started.close();
  }

  const output = lines.join('');
  // The capture really is the service's log: requests and merges are there.
  expect(output).toContain('incoming request');
  expect(output).toContain('anonymous cart merged');
  expect(output).not.toContain(SECRET_CART_ID);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
});

it('redacts authorization, cookie, x-anonymous-cart and set-cookie in the logger it builds', async () => {
  const { stream, lines } = captureStream();
  // Fastify's own serializers keep no headers at all; these keep them, so only redaction can hide them.
  const started = await startLogged({
    level: 'info',
    stream,
    serializers: {
      req: (req) => ({ headers: req.headers }),
      res: (res) => ({ headers: 'headers' in res ? res.headers : undefined }),
    },
  });
  try {
    started.app.log.info(
      {
        req: {
          headers: { authorization: 'Bearer a', cookie: 'sf_cart=b', 'x-anonymous-cart': 'c', accept: '*/*' },
        },
        res: { headers: { 'set-cookie': 'sf_session=d' } },
      },
      'headers',
    );
  } finally {
    await started.close();
  }
  const line = lines
    .map((text) => JSON.parse(text) as Record<string, unknown>)
    .find((entry) => entry.msg === 'headers');
  expect(line).toMatchObject({
    req: {
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-anonymous-cart': '[redacted]',
        accept: '*/*',
      },
    },
    res: { headers: { 'set-cookie': '[redacted]' } },
  });
});
