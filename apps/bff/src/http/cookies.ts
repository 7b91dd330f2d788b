// The BFF's two cookies (decision 004), read and written through @fastify/cookie with the attributes decided there:
// HttpOnly; SameSite=Lax; Path=/; Max-Age, and, when the browser came over TLS, Secure and the `__Host-` prefix.
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import { isLoopbackAddress } from '@storefront/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TOKEN_PATTERN } from '../identity.js';

/** Parses `Cookie` into `request.cookies` and writes `reply.setCookie`s; registered before the session plugin. */
export const cookiePlugin = fastifyCookie;

/** Anonymous cart id cookie (set on the first cart write); `__Host-sf_cart` over TLS. */
export const CART_COOKIE = 'sf_cart';
/** Session token cookie (set on sign-in / sign-up); `__Host-sf_session` over TLS. */
export const SESSION_COOKIE = 'sf_session';
/**
 * Prefix of the cookies' names over TLS: the browser keeps such a cookie only if it is Secure, has Path=/ and no
 * Domain, so no other host (a sibling subdomain, a man in the middle on plain http) can set or shadow it.
 */
export const HOST_PREFIX = '__Host-';
/** Lifetime of the anonymous cart cookie: 30 days. */
export const CART_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** 16 random bytes in base64url: 22 characters. */
const CART_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** What reading cookies needs of a request (routes' typed requests fit too). */
export type CookieRequest = Pick<FastifyRequest, 'cookies' | 'headers' | 'raw'>;
/** What writing cookies needs of a reply. */
export type CookieReply = Pick<FastifyReply, 'setCookie'>;

/**
 * True when the browser reached us over TLS: a TLS socket, or `x-forwarded-proto: https` from a proxy on this
 * machine (the shell host passes on what a TLS terminator in front of it says). Someone forging the header gets
 * Secure `__Host-` cookies, which a browser on plain http drops (but on localhost, a secure context): they can
 * only sign themselves out.
 */
export function isSecureRequest(request: CookieRequest): boolean {
  const socket = request.raw.socket as { encrypted?: boolean; remoteAddress?: string };
  if (socket.encrypted === true) return true;
  if (!isLoopbackAddress(socket.remoteAddress)) return false;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/**
 * The name a cookie has on this request: `__Host-<name>` over TLS, `<name>` on plain http (a Secure cookie is
 * refused there by browsers, but on localhost). Only that name is read: over TLS, a cookie without the prefix,
 * which anyone could have planted, is ignored.
 */
export function cookieName(request: CookieRequest, name: string): string {
  return isSecureRequest(request) ? `${HOST_PREFIX}${name}` : name;
}

/** Sets one of the BFF's cookies; `maxAgeSeconds` 0 deletes it. */
export function setCookie(
  request: CookieRequest,
  reply: CookieReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  // `__Host-` needs exactly this: Secure, Path=/ and no Domain (never set).
  const secure = isSecureRequest(request);
  reply.setCookie(secure ? `${HOST_PREFIX}${name}` : name, value, {
    path: '/',
    maxAge: maxAgeSeconds,
    httpOnly: true,
    sameSite: 'lax',
    secure,
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
  const value = request.cookies[cookieName(request, CART_COOKIE)];
  return value !== undefined && CART_ID_PATTERN.test(value) ? value : null;
}

/** The request's session token, or null when absent or malformed. */
export function readSessionToken(request: CookieRequest): string | null {
  const value = request.cookies[cookieName(request, SESSION_COOKIE)];
  return value !== undefined && SESSION_TOKEN_PATTERN.test(value) ? value : null;
}

/** Whether the request carries a cookie of that name at all (well-formed or not). */
export function hasCookie(request: CookieRequest, name: string): boolean {
  return request.cookies[cookieName(request, name)] !== undefined;
}
