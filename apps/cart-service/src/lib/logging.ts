import type { FastifyLoggerOptions, FastifyServerOptions } from 'fastify';

/** Logger options as Fastify accepts them (pino options plus an optional destination stream). */
export type ServiceLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * Fields never written to a log line. The anonymous cart id is the `sf_cart` cookie's value, so its header is
 * redacted like cookies and tokens (Fastify's default request log holds only method and URL anyway).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-anonymous-cart"]',
  'res.headers["set-cookie"]',
];

/** Pino options of the service: JSON lines with the redactions above, optionally into `stream` (tests). */
export function loggerOptions(level: string, stream?: FastifyLoggerOptions['stream']): ServiceLoggerOptions {
  return { level, redact: REDACT_PATHS, ...(stream ? { stream } : {}) };
}
