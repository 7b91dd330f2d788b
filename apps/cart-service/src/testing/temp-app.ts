import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type BuildOptions, build } from '../app.js';

/** A fresh temp folder with a database path inside; `cleanup` removes the folder. */
export function tempDbPath(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cart-service-'));
  return { dir, dbPath: join(dir, 'cart.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A ready app on its own temp database; `close` closes it and removes the folder. */
export async function startTestApp(opts: Omit<BuildOptions, 'dbPath'> = {}): Promise<{
  app: FastifyInstance;
  dbPath: string;
  close: () => Promise<void>;
}> {
  const temp = tempDbPath();
  const app = build({ ...opts, dbPath: temp.dbPath });
  await app.ready();
  return {
    app,
    dbPath: temp.dbPath,
    close: async () => {
      await app.close();
      temp.cleanup();
    },
  };
}

/** Parses a JSON response body for assertions. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}

/** Identity headers of a signed-in shopper. */
export function asUser(userId: number): Record<string, string> {
  return { 'x-user-id': String(userId) };
}

/** Identity headers of an anonymous shopper. */
export function asAnonymous(cartId: string): Record<string, string> {
  return { 'x-anonymous-cart': cartId };
}

/** `inject` with a JSON body and identity headers. */
export function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  });
}
