import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from './create-app.js';
import { ConfigError } from './env.js';
import { hostnameOf, isAllowedHost, readAllowedHosts } from './host-allow-list.js';

describe('hostnameOf', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LOCALHOST:3000', 'localhost'],
    ['localhost.:80', 'localhost'],
    ['127.0.0.1:4000', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['[::1]:5000', '[::1]'],
    ['[0:0:0:0:0:0:0:1]:1', '[0:0:0:0:0:0:0:1]'],
    ['Shop.Example.com:8443', 'shop.example.com'],
  ])('reads %s as %s', (header, name) => expect(hostnameOf(header)).toBe(name));

  it.each([
    undefined,
    '',
    '::1',
    '[::1',
    '[::1]x',
    '[evil.example]',
    'localhost:',
    'localhost:abc',
    'localhost:123456',
    'a:b:c',
    'evil example',
    'user@localhost',
    'localhost/x',
  ])('refuses %s', (header) => expect(hostnameOf(header)).toBeNull());
});

describe('isAllowedHost', () => {
  it.each(['localhost', 'localhost:3000', '127.0.0.1:4000', '[::1]:5001', 'LocalHost:1'])(
    'allows loopback %s on any port',
    (header) => expect(isAllowedHost(header)).toBe(true),
  );

  it.each([
    'evil.example',
    'evil.localhost:3000',
    'localhost.evil.example',
    '127.0.0.2:3000',
    '10.0.0.5',
    '[::2]',
    '0.0.0.0:3000',
  ])('refuses %s by default', (header) => expect(isAllowedHost(header)).toBe(false));

  it('allows the configured names on any port, and any name with *', () => {
    const allowed = readAllowedHosts({ ALLOWED_HOSTS: 'Shop.Example.com, 10.0.0.5,::2' });
    expect(allowed).toEqual(['shop.example.com', '10.0.0.5', '[::2]']);
    expect(isAllowedHost('shop.example.com:443', allowed)).toBe(true);
    expect(isAllowedHost('10.0.0.5', allowed)).toBe(true);
    expect(isAllowedHost('[::2]:80', allowed)).toBe(true);
    expect(isAllowedHost('evil.example', allowed)).toBe(false);
    expect(isAllowedHost('localhost:3000', allowed)).toBe(true);
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
    expect(isAllowedHost('a:b:c', ['*'])).toBe(false);
  });
});

describe('readAllowedHosts', () => {
  it('is empty when unset or blank', () => {
    expect(readAllowedHosts({})).toEqual([]);
    expect(readAllowedHosts({ ALLOWED_HOSTS: ' , ' })).toEqual([]);
  });

  it.each(['https://shop.example.com', 'shop.example.com:443', 'shop example', 'a/b'])(
    'refuses %s with the variable name',
    (entry) => {
      expect(() => readAllowedHosts({ ALLOWED_HOSTS: entry })).toThrow(ConfigError);
      expect(() => readAllowedHosts({ ALLOWED_HOSTS: entry })).toThrow(/ALLOWED_HOSTS/);
    },
  );
});

describe('createApp host allow-list', () => {
  const build = (allowedHosts?: string[]) => {
    const app = createApp({ name: 'demo', allowedHosts, health: { service: 'demo' } });
    app.get('/x', async () => ({ ok: true }));
    return app;
  };

  it('answers loopback names and refuses others with 403 HOST_NOT_ALLOWED in the envelope, /health too', async () => {
    const app = build([]);
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:80']) {
      expect((await app.inject({ url: '/x', headers: { host } })).statusCode).toBe(200);
    }
    for (const url of ['/x', '/health', '/nope']) {
      const refused = await app.inject({ url, headers: { host: 'rebind.evil.example:3000' } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        error: { code: 'HOST_NOT_ALLOWED' },
        meta: { requestId: expect.any(String) },
      });
      expect(refused.json().error.message).not.toContain('evil');
    }
    await app.close();
  });

  it('answers the configured names', async () => {
    const app = build(['shop.example.com']);
    const ok = await app.inject({ url: '/x', headers: { host: 'SHOP.example.com:8080' } });
    expect(ok.statusCode).toBe(200);
    await app.close();
  });

  it('refuses a real HTTP request whose Host is a rebound name', async () => {
    const app = build([]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/x', headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`attacker.example:${port}`)).toBe(403);
    await app.close();
  });
});
