import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CART_COOKIE,
  clearCookie,
  cookiePlugin,
  newCartId,
  readCartId,
  readSessionToken,
  SESSION_COOKIE,
  setCookie,
} from './cookies.js';

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A tiny app that reads the BFF's cookies and sets or clears one, as the session plugin does. */
async function cookieApp(): Promise<FastifyInstance> {
  const built = Fastify({ logger: false });
  await built.register(cookiePlugin);
  built.get('/read', async (request) => ({ cartId: readCartId(request), token: readSessionToken(request) }));
  built.get('/set', async (request, reply) => {
    setCookie(request, reply, CART_COOKIE, 'abc', 60);
    setCookie(request, reply, SESSION_COOKIE, 'first', 60);
    // Setting the same cookie twice in one answer keeps the last one only.
    setCookie(request, reply, SESSION_COOKIE, 'second', 120);
    return {};
  });
  built.get('/clear', async (request, reply) => {
    clearCookie(request, reply, CART_COOKIE);
    return {};
  });
  app = built;
  return built;
}

const CART_ID = 'A'.repeat(22);
const TOKEN = 'T'.repeat(43);

describe('the BFF cookies', () => {
  it('are written HttpOnly, SameSite=Lax, Path=/ with Max-Age, and Secure with __Host- only over https', async () => {
    const server = await cookieApp();
    const plain = await server.inject('/set');
    expect(plain.headers['set-cookie']).toEqual([
      'sf_cart=abc; Max-Age=60; Path=/; HttpOnly; SameSite=Lax',
      'sf_session=second; Max-Age=120; Path=/; HttpOnly; SameSite=Lax',
    ]);
    // The first x-forwarded-proto hop is the browser's.
    const tls = await server.inject({ url: '/set', headers: { 'x-forwarded-proto': 'https, http' } });
    expect(tls.headers['set-cookie']).toEqual([
      '__Host-sf_cart=abc; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
      '__Host-sf_session=second; Max-Age=120; Path=/; HttpOnly; Secure; SameSite=Lax',
    ]);
    const notTls = await server.inject({ url: '/set', headers: { 'x-forwarded-proto': 'http, https' } });
    expect(String(notTls.headers['set-cookie'])).not.toContain('Secure');
    // The header counts only from a proxy on this machine (the shell host), never from a remote peer.
    const remote = await server.inject({
      url: '/set',
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '203.0.113.9',
    });
    expect(String(remote.headers['set-cookie'])).not.toContain('Secure');
    expect(String(remote.headers['set-cookie'])).not.toContain('__Host-');
  });

  it('over https, are read and cleared under their __Host- names only', async () => {
    const server = await cookieApp();
    const https = { 'x-forwarded-proto': 'https' };
    const read = async (cookie: string) =>
      (await server.inject({ url: '/read', headers: { ...https, cookie } })).json();
    expect(await read(`__Host-sf_cart=${CART_ID}; __Host-sf_session=${TOKEN}`)).toEqual({
      cartId: CART_ID,
      token: TOKEN,
    });
    // Unprefixed cookies may have been planted by another host: ignored over TLS.
    expect(await read(`sf_cart=${CART_ID}; sf_session=${TOKEN}`)).toEqual({ cartId: null, token: null });
    const cleared = await server.inject({ url: '/clear', headers: https });
    expect(cleared.headers['set-cookie']).toBe(
      '__Host-sf_cart=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('are cleared with an empty value and Max-Age=0, without Expires', async () => {
    const server = await cookieApp();
    const response = await server.inject('/clear');
    expect(response.headers['set-cookie']).toBe('sf_cart=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
  });

  it('are read only in the shape the BFF issues; the first of two wins', async () => {
    const server = await cookieApp();
    const read = async (cookie: string) =>
      (await server.inject({ url: '/read', headers: { cookie } })).json();
    expect(await read(`sf_cart=${CART_ID}; sf_session=${TOKEN}`)).toEqual({ cartId: CART_ID, token: TOKEN });
    expect(await read(`sf_cart=${CART_ID}; sf_cart=${'B'.repeat(22)}`)).toMatchObject({ cartId: CART_ID });
    expect(await read('sf_cart=short; sf_session=has%20space%20and%20more')).toEqual({
      cartId: null,
      token: null,
    });
    expect(await read('sf_cart=%E0%A4%A; broken; =x')).toEqual({ cartId: null, token: null });
    expect((await server.inject('/read')).json()).toEqual({ cartId: null, token: null });
  });

  it('make 128-bit base64url cart ids', () => {
    const id = newCartId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newCartId()).not.toBe(id);
  });
});
