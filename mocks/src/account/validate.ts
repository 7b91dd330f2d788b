import type { ShippingAddress } from '@storefront/contract/browser';

/** A validated value or the message of a 400 `INVALID_REQUEST`. */
export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function email(body: Json): Validated<string> {
  const value = typeof body.email === 'string' ? body.email.trim() : '';
  return EMAIL.test(value) && value.length <= 254
    ? { ok: true, value: value.toLowerCase() }
    : { ok: false, message: 'email must be a valid e-mail address' };
}

function password(body: Json): Validated<string> {
  const value = body.password;
  return typeof value === 'string' && value.length >= 8 && value.length <= 128
    ? { ok: true, value }
    : { ok: false, message: 'password must be 8 to 128 characters' };
}

function name(body: Json): Validated<string> {
  const value = typeof body.name === 'string' ? body.name.trim() : '';
  return value.length >= 1 && value.length <= 100
    ? { ok: true, value }
    : { ok: false, message: 'name must be 1 to 100 characters' };
}

/** `POST /api/account/signin` body. */
export function validateSignIn(body: unknown): Validated<{ email: string; password: string }> {
  if (!isObject(body)) return { ok: false, message: 'body must be a JSON object' };
  // A malformed e-mail cannot match anyone: only the presence of both fields is checked here.
  if (typeof body.email !== 'string' || typeof body.password !== 'string') {
    return { ok: false, message: 'email and password are required' };
  }
  return { ok: true, value: { email: body.email, password: body.password } };
}

/** `POST /api/account/signup` body. */
export function validateSignUp(body: unknown): Validated<{ email: string; password: string; name: string }> {
  if (!isObject(body)) return { ok: false, message: 'body must be a JSON object' };
  const checks = [email(body), password(body), name(body)] as const;
  for (const check of checks) if (!check.ok) return check;
  const [e, p, n] = checks;
  return e.ok && p.ok && n.ok
    ? { ok: true, value: { email: e.value, password: p.value, name: n.value } }
    : { ok: false, message: 'invalid body' };
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length >= 1 && trimmed.length <= max ? trimmed : null;
}

/** `shippingAddress` (`null` clears it); country is two letters, stored upper-case. */
export function validateAddress(value: unknown): Validated<ShippingAddress | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isObject(value)) return { ok: false, message: 'shippingAddress must be an object or null' };
  const line1 = text(value.line1, 200);
  const city = text(value.city, 100);
  const postalCode = text(value.postalCode, 20);
  const country = typeof value.country === 'string' ? value.country.trim() : '';
  if (!line1) return { ok: false, message: 'shippingAddress.line1 is required' };
  if (!city) return { ok: false, message: 'shippingAddress.city is required' };
  if (!postalCode) return { ok: false, message: 'shippingAddress.postalCode is required' };
  if (!/^[A-Za-z]{2}$/.test(country)) {
    return { ok: false, message: 'shippingAddress.country must be two letters' };
  }
  const address: ShippingAddress = { line1, city, postalCode, country: country.toUpperCase() };
  const line2 = text(value.line2, 200);
  if (line2) address.line2 = line2;
  return { ok: true, value: address };
}

/** `PUT /api/account/profile` body. */
export function validateProfile(
  body: unknown,
): Validated<{ name: string; shippingAddress: ShippingAddress | null }> {
  if (!isObject(body)) return { ok: false, message: 'body must be a JSON object' };
  const checkedName = name(body);
  if (!checkedName.ok) return checkedName;
  const address = validateAddress(body.shippingAddress);
  if (!address.ok) return address;
  return { ok: true, value: { name: checkedName.value, shippingAddress: address.value } };
}
