// The BFF's two cookies (decision 004), read and written through @fastify/cookie with the attributes decided there:
// HttpOnly; SameSite=Lax; Path=/; Max-Age, and Secure only when the browser came over TLS.
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TOKEN_PATTERN } from '../identity.js';

/** Parses `Cookie` into `request.cookies` and writes `reply.setCookie`s; registered before the session plugin. */
export const cookiePlugin = fastifyCookie;

/** Anonymous cart id cookie (set on the first cart write). */
export const CART_COOKIE = 'sf_cart';
/** Session token cookie (set on sign-in / sign-up). */
export const SESSION_COOKIE = 'sf_session';
/** Lifetime of the anonymous cart cookie: 30 days. */
export const CART_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** 16 random bytes in base64url: 22 characters. */
const CART_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** What reading cookies needs of a request (routes' typed requests fit too). */
export type CookieRequest = Pick<FastifyRequest, 'cookies' | 'headers' | 'raw'>;
/** What writing cookies needs of a reply. */
export type CookieReply = Pick<FastifyReply, 'setCookie'>;

/** True when the browser reached us over TLS (a TLS socket, or `x-forwarded-proto: https` from the proxy). */
export function isSecureRequest(request: CookieRequest): boolean {
  const socket = request.raw.socket as { encrypted?: boolean };
  if (socket.encrypted === true) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  // Trusting the header only ever adds `Secure`, which cannot weaken anything.
  return first === 'https';
}

/** Sets one of the BFF's cookies; `maxAgeSeconds` 0 deletes it. */
export function setCookie(
  request: CookieRequest,
  reply: CookieReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(name, value, {
    path: '/',
    maxAge: maxAgeSeconds,
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(request),
  });
}

/** Clears a cookie: an empty value with `Max-Age=0` (and no `Expires`, as before @fastify/cookie). */
export function clearCookie(request: CookieRequest, reply: CookieReply, name: string): void {
  setCookie(request, reply, name, '', 0);
}

/** A fresh anonymous cart id: 128 random bits, base64url. */
export function newCartId(): string {
  return randomBytes(16).toString('base64url');
}

/** The request's anonymous cart id, or null when absent or not one we could have issued. */
export function readCartId(request: CookieRequest): string | null {
  const value = request.cookies[CART_COOKIE];
  return value !== undefined && CART_ID_PATTERN.test(value) ? value : null;
}

/** The request's session token, or null when absent or malformed. */
export function readSessionToken(request: CookieRequest): string | null {
  const value = request.cookies[SESSION_COOKIE];
  return value !== undefined && SESSION_TOKEN_PATTERN.test(value) ? value : null;
}

/** Whether the request carries a cookie of that name at all (well-formed or not). */
export function hasCookie(request: CookieRequest, name: string): boolean {
  return request.cookies[name] !== undefined;
}
