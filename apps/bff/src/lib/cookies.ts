import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Anonymous cart id cookie (set on the first cart write). */
export const CART_COOKIE = 'sf_cart';
/** Session token cookie (set on sign-in / sign-up). */
export const SESSION_COOKIE = 'sf_session';
/** Lifetime of the anonymous cart cookie: 30 days. */
export const CART_COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** 16 random bytes in base64url: 22 characters. */
const CART_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Opaque session tokens are base64url too; the bounds only reject obvious garbage. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;
const COOKIE_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_VALUE_PATTERN = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** Parses a `Cookie` header into name → value (first occurrence wins; malformed pairs are skipped). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // A value with broken percent-encoding is ignored rather than failing the request.
    }
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
  secure: boolean;
}

/** Serialises one `Set-Cookie` value: `HttpOnly; SameSite=Lax; Path=/; Max-Age=…` (+ `Secure`). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_NAME_PATTERN.test(name)) throw new TypeError(`Invalid cookie name ${name}`);
  if (!COOKIE_VALUE_PATTERN.test(value)) throw new TypeError(`Invalid value for cookie ${name}`);
  if (!Number.isInteger(options.maxAge) || options.maxAge < 0) {
    throw new TypeError(`Invalid Max-Age for cookie ${name}`);
  }
  const parts = [`${name}=${value}`, 'Path=/', `Max-Age=${options.maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** True when the browser reached us over TLS (a TLS socket, or `x-forwarded-proto: https` from the proxy). */
export function isSecureRequest(request: FastifyRequest): boolean {
  const socket = request.raw.socket as { encrypted?: boolean };
  if (socket.encrypted === true) return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  // Trusting the header only ever adds `Secure`, which cannot weaken anything.
  return first === 'https';
}

/** Appends a `Set-Cookie` header (several cookies may be set by one answer). */
export function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const cookie = serializeCookie(name, value, { maxAge: maxAgeSeconds, secure: isSecureRequest(request) });
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), cookie]);
}

/** Clears a cookie (empty value, `Max-Age=0`). */
export function clearCookie(request: FastifyRequest, reply: FastifyReply, name: string): void {
  setCookie(request, reply, name, '', 0);
}

/** A fresh anonymous cart id: 128 random bits, base64url. */
export function newCartId(): string {
  return randomBytes(16).toString('base64url');
}

/** The request's anonymous cart id, or null when absent or not one we could have issued. */
export function readCartId(request: FastifyRequest): string | null {
  const value = parseCookies(request.headers.cookie).get(CART_COOKIE);
  return value !== undefined && CART_ID_PATTERN.test(value) ? value : null;
}

/** The request's session token, or null when absent or malformed. */
export function readSessionToken(request: FastifyRequest): string | null {
  const value = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  return value !== undefined && TOKEN_PATTERN.test(value) ? value : null;
}
