import { describe, expect, it } from 'vitest';
import { createApp } from './create-app.js';
import { isLoopbackAddress, isLoopbackRequest, loopbackOnlyPlugin } from './loopback.js';

describe('isLoopbackAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::FFFF:127.9.9.9',
    '0:0:0:0:0:0:0:1',
    ' 127.0.0.1 ',
    '127.8.9.10',
  ])('accepts %s', (address) => expect(isLoopbackAddress(address)).toBe(true));

  it.each([
    '10.0.0.5',
    '192.168.1.1',
    '::ffff:10.0.0.1',
    '128.0.0.1',
    '::2',
    'fe80::1',
    '127.0.0',
    '127.0.0.256',
    'localhost',
    '',
    undefined,
  ])('rejects %s', (address) => expect(isLoopbackAddress(address)).toBe(false));
});

describe('isLoopbackRequest', () => {
  it('needs a loopback peer and loopback forwarded hops', () => {
    expect(isLoopbackRequest('127.0.0.1', undefined)).toBe(true);
    expect(isLoopbackRequest(undefined, undefined)).toBe(false);
    expect(isLoopbackRequest('10.0.0.1', '127.0.0.1')).toBe(false);
    expect(isLoopbackRequest('::1', ['127.0.0.1', '::1'])).toBe(true);
    expect(isLoopbackRequest('::1', '127.0.0.1, 8.8.8.8')).toBe(false);
    expect(isLoopbackRequest('::1', '')).toBe(false);
  });
});

describe('loopbackOnlyPlugin', () => {
  it('answers 403 LOOPBACK_ONLY to a forwarded remote caller', async () => {
    const app = createApp({ name: 'demo' });
    app.register(loopbackOnlyPlugin, { what: 'The demo API' });
    app.get('/x', async () => ({ ok: true }));
    const local = await app.inject({ url: '/x', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    const remote = await app.inject({
      url: '/x',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({
      error: { code: 'LOOPBACK_ONLY', message: 'The demo API answers loopback clients only' },
    });
    await app.close();
  });
});
