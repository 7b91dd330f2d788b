import { ApiError } from '@storefront/service-kit';

/** The 429 of every limit of the BFF: the one envelope, `retryAfterMs`, and `Retry-After` in seconds. */
export function rateLimited(message: string, retryAfterMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, 'RATE_LIMITED', message, {
    details: { retryAfterMs: seconds * 1000 },
    headers: { 'Retry-After': String(seconds) },
  });
}
