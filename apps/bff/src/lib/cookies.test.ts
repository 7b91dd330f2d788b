import { describe, expect, it } from 'vitest';
import { newCartId, parseCookies, serializeCookie } from './cookies.js';

describe('cookies', () => {
  it('parses a Cookie header, first occurrence wins, garbage skipped', () => {
    const cookies = parseCookies('a=1; b="two"; a=3; broken; =x; c=%E0%A4%A; d=caf%C3%A9');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['d', 'café'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('serialises with HttpOnly, SameSite=Lax, Path=/ and Max-Age, Secure only when asked', () => {
    expect(serializeCookie('sf_cart', 'abc', { maxAge: 60, secure: false })).toBe(
      'sf_cart=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax',
    );
    expect(serializeCookie('sf_cart', '', { maxAge: 0, secure: true })).toBe(
      'sf_cart=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('refuses values that would break the header', () => {
    expect(() => serializeCookie('sf_cart', 'a;b', { maxAge: 1, secure: false })).toThrow(TypeError);
    expect(() => serializeCookie('bad name', 'x', { maxAge: 1, secure: false })).toThrow(TypeError);
    expect(() => serializeCookie('x', 'y', { maxAge: -1, secure: false })).toThrow(TypeError);
  });

  it('makes 128-bit base64url cart ids', () => {
    const id = newCartId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newCartId()).not.toBe(id);
  });
});
