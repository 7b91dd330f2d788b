// Calls to a service as the BFF makes them: signed with the credential it shares with the services
// (`SERVICE_SECRET`, docs/architecture.md), by the services' own ServiceCredential loaded from its source through
// tsx (nothing reimplemented), each on a fresh connection so that a service killed and started again on its port
// never meets a dead pooled socket. For the demos that drive services without a BFF (chaos-dual-write.mjs).
import http from 'node:http';
import path from 'node:path';
import { isRecord } from './chaos-faults.mjs';
import { ROOT } from './run.mjs';

/** @typedef {{ sign(method: string, target: string, headers: Record<string, string>): Record<string, string> }} Signer */

/**
 * The signer of the BFF's calls for `secret`.
 * @param {string} secret
 * @returns {Promise<Signer>}
 */
export async function loadSigner(secret) {
  const { tsImport } = await import('tsx/esm/api');
  const file = path.join(ROOT, 'packages/service-kit/src/service-credential.ts');
  const kit = /** @type {{ ServiceCredential: new (secret: string) => Signer }} */ (
    await tsImport(file, import.meta.url)
  );
  return new kit.ServiceCredential(secret);
}

/**
 * One signed call as the BFF makes it, on a fresh connection; its answer's JSON object (`{}` for none).
 * @param {Signer} signer
 * @param {string} origin
 * @param {string} method
 * @param {string} target path with query
 * @param {{ userId?: number, body?: unknown }} [opts]
 * @returns {Promise<{ status: number, json: Record<string, unknown> }>}
 */
export function signedCall(signer, origin, method, target, opts = {}) {
  /** @type {Record<string, string>} */
  const identity = opts.userId === undefined ? {} : { 'x-user-id': String(opts.userId) };
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers = { ...identity, ...signer.sign(method, target, identity) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${target}`, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => {
        try {
          const parsed = text ? JSON.parse(text) : {};
          resolve({ status: res.statusCode ?? 0, json: isRecord(parsed) ? parsed : {} });
        } catch {
          reject(new Error(`${method} ${target} answered ${res.statusCode} without JSON`));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${target}: no answer within 5 s`)));
    req.end(body);
  });
}
