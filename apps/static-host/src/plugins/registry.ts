import { readFile } from 'node:fs/promises';
import { ApiError, sendError } from '@storefront/service-kit';
import type { FastifyInstance } from 'fastify';
import { NO_CACHE } from './cache-headers.js';

/**
 * `GET /registry.json` from `file`. The file is read on every request (never cached in memory) because
 * it is switched by an atomic rename elsewhere; the next request must see the new document.
 */
export function registerRegistry(
  app: FastifyInstance,
  file: string,
  /** Called with each document read (the CSP's remote origins follow it). */
  onDocument?: (doc: object) => void,
): void {
  app.get('/registry.json', async (request, reply) => {
    const unavailable = (message: string) =>
      sendError(request, reply, new ApiError(503, 'REGISTRY_UNAVAILABLE', message));
    reply.header('cache-control', NO_CACHE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      request.log.warn(
        { file, reason: err instanceof Error ? err.message : String(err) },
        'registry file cannot be read',
      );
      return unavailable('The registry file cannot be read');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      request.log.warn({ file }, 'registry file is not valid JSON');
      return unavailable('The registry file is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      request.log.warn({ file }, 'registry file is not a JSON object');
      return unavailable('The registry file is not a JSON object');
    }
    onDocument?.(parsed);
    // Send the bytes as read: the shell validates the document, this host only guarantees it is JSON.
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
