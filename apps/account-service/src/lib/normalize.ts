import { invalidBody } from './error-codes.js';

// Deliberately basic: one @, no spaces, a dot in the domain. Real validation is sending a mail.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** Longest e-mail address accepted (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;

/** Trims and lower-cases an e-mail address; the form stored and looked up. */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Normalises an e-mail and checks its format, throwing INVALID_REQUEST on `field` when it is not one. */
export function requireEmail(raw: string, field = 'email'): string {
  const email = normalizeEmail(raw);
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw invalidBody(field, `Invalid field "${field}": expected an e-mail address.`);
  }
  return email;
}

/** Trims a text and checks its length, throwing INVALID_REQUEST on `field` otherwise. */
export function requireText(raw: string, field: string, min: number, max: number): string {
  const text = raw.trim();
  // Count code points like the JSON schema does, so an emoji counts once.
  const length = [...text].length;
  if (length < min || length > max) {
    throw invalidBody(field, `Invalid field "${field}": expected ${min} to ${max} characters.`);
  }
  return text;
}
