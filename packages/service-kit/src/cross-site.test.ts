import { describe, expect, it } from 'vitest';
import { createApp } from './create-app.js';
import { crossSitePlugin, crossSiteReason, isJsonContentType, readPublicOrigins } from './cross-site.js';
import { ConfigError } from './env.js';

const PUBLIC = ['http://localhost:3000', 'http://127.0.0.1:3000'];

describe('crossSiteReason', () => {
  it.each([
    [{}],
    [{ 'sec-fetch-site': 'same-origin' }],
    [{ 'sec-fetch-site': 'none' }],
    [{ 'sec-fetch-site': 'Same-Origin' }],
    [{ origin: 'http://localhost:3000' }],
    [{ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }],
    [{ origin: 'HTTP://LOCALHOST:3000' }],
    [{ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000' }],
    [{ origin: 'https://shop.example.com', host: 'shop.example.com' }],
    [{ origin: 'http://[::1]:4000', host: '[::1]:4000' }],
  ])('lets %o through', (headers) => expect(crossSiteReason(headers, PUBLIC)).toBeNull());

  it.each([
    [{ 'sec-fetch-site': 'cross-site' }, 'Sec-Fetch-Site'],
    [{ 'sec-fetch-site': 'same-site' }, 'Sec-Fetch-Site'],
    [{ 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' }, 'Sec-Fetch-Site'],
    [{ 'sec-fetch-site': '' }, 'Sec-Fetch-Site'],
    [{ origin: 'https://evil.example' }, 'Origin'],
    [{ origin: 'null' }, 'Origin'],
    [{ origin: 'http://localhost:3001' }, 'Origin'],
    [{ origin: 'https://localhost:3000' }, 'Origin'],
    [{ origin: 'http://evil.localhost:3000' }, 'Origin'],
    [{ origin: 'http://localhost:3000.evil.example' }, 'Origin'],
    [{ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4010' }, 'Origin'],
  ])('refuses %o on %s', (headers, reason) => expect(crossSiteReason(headers, PUBLIC)).toBe(reason));
});

describe('isJsonContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON'])('accepts %s', (type) =>
    expect(isJsonContentType(type)).toBe(true),
  );
  it.each([
    undefined,
    '',
    'text/plain',
    'text/plain; application/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
  ])('refuses %s', (type) => expect(isJsonContentType(type)).toBe(false));
});

describe('readPublicOrigins', () => {
  it('falls back, and reads a comma list', () => {
    expect(readPublicOrigins(PUBLIC, {})).toEqual(PUBLIC);
    expect(
      readPublicOrigins(PUBLIC, { PUBLIC_ORIGINS: 'https://shop.example.com, http://localhost:8080/' }),
    ).toEqual(['https://shop.example.com', 'http://localhost:8080']);
  });
  it.each(['shop.example.com', 'https://shop.example.com/path', 'ftp://x.example', 'null'])(
    'refuses %s',
    (entry) => expect(() => readPublicOrigins(PUBLIC, { PUBLIC_ORIGINS: entry })).toThrow(ConfigError),
  );
});

describe('crossSitePlugin', () => {
  const build = () => {
    const app = createApp({ name: 'demo' });
    app.register(crossSitePlugin, { publicOrigins: PUBLIC });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      app.route({ method, url: '/w', handler: async (request) => ({ body: request.body ?? null }) });
    }
    app.get('/r', async () => ({ ok: true }));
    return app;
  };

  it('refuses a cross-site write with 403 CROSS_SITE_REQUEST in the envelope, before its content type', async () => {
    const app = build();
    const cases = [
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
    ];
    for (const headers of cases) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const res = await app.inject({ method, url: '/w', headers, payload: '{}' });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({
          error: { code: 'CROSS_SITE_REQUEST' },
          meta: { requestId: expect.any(String) },
        });
      }
    }
    await app.close();
  });

  it('lets reads through whatever their origin', async () => {
    const app = build();
    const res = await app.inject({
      url: '/r',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(200);
    await app.close();
  });

  it('refuses a POST/PUT/PATCH that is not application/json with 415, even without a body', async () => {
    const app = build();
    const bodies = [
      { headers: {}, payload: undefined },
      { headers: { 'content-type': 'text/plain' }, payload: '' },
      { headers: { 'content-type': 'text/plain' }, payload: '{"a":1}' },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' },
    ];
    for (const { headers, payload } of bodies) {
      for (const method of ['POST', 'PUT', 'PATCH'] as const) {
        const res = await app.inject({ method, url: '/w', headers, payload });
        expect(res.statusCode).toBe(415);
        expect(res.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      }
    }
    const del = await app.inject({ method: 'DELETE', url: '/w' });
    expect(del.statusCode).toBe(200);
    await app.close();
  });

  it('takes an empty application/json body as no body, and parses a JSON one', async () => {
    const app = build();
    const json = { 'content-type': 'application/json' };
    const empty = await app.inject({ method: 'POST', url: '/w', headers: json });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ body: null });
    const parsed = await app.inject({
      method: 'PUT',
      url: '/w',
      headers: { ...json, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' },
      payload: '{"a":1}',
    });
    expect(parsed.json()).toEqual({ body: { a: 1 } });
    const broken = await app.inject({ method: 'POST', url: '/w', headers: json, payload: '{ nope' });
    expect(broken.statusCode).toBe(400);
    const poisoned = await app.inject({
      method: 'POST',
      url: '/w',
      headers: json,
      payload: '{"__proto__":{"x":1}}',
    });
    expect(poisoned.statusCode).toBe(400);
    await app.close();
  });

  it('accepts a write whose Origin is the request own Host (a direct caller of this process)', async () => {
    const app = build();
    const res = await app.inject({
      method: 'POST',
      url: '/w',
      headers: {
        host: '127.0.0.1:4000',
        origin: 'http://127.0.0.1:4000',
        'content-type': 'application/json',
      },
      payload: '{}',
    });
    expect(res.statusCode).toBe(200);
    await app.close();
  });
});
