// The fakes check the BFF's service credential like the real services do (service-kit's serviceCredentialPlugin
// policy), so every shopper-journey test also proves that each upstream request the BFF sends is signed.
import { needsServiceCredential, ServiceCredential } from '@storefront/service-kit';
import { TEST_SERVICE_SECRET } from '@storefront/service-kit/testing';
import type { FastifyInstance } from 'fastify';
import { errorOf } from './fake-ledger.js';

/** What a fake saw of the credentials: refused requests are counted (tests assert there were none). */
export interface CredentialLog {
  refused: { method: string; url: string; reason: string }[];
}

/** Adds an `onRequest` hook answering 401 `UNTRUSTED_CALLER` to requests without a valid credential. */
export function checkServiceCredential(
  server: FastifyInstance,
  options: { publicReads: boolean },
  log: CredentialLog = { refused: [] },
): CredentialLog {
  const credential = new ServiceCredential(TEST_SERVICE_SECRET);
  server.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!needsServiceCredential(request.method, path, request.headers, options)) return;
    const failure = credential.verify(request.method, request.url, request.headers);
    if (failure === null) return;
    log.refused.push({ method: request.method, url: request.url, reason: failure });
    return reply
      .code(401)
      .send(errorOf('UNTRUSTED_CALLER', 'Only the storefront BFF may call this service.'));
  });
  return log;
}
