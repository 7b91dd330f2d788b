import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { build } from '../app.js';

/** A fresh temp folder and a database path inside it; `cleanup` removes the folder. */
export function tempDbPath(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-service-'));
  return {
    dir,
    dbPath: join(dir, 'catalog.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A ready app on its own temp database; `close` closes it and removes the folder. */
export async function startTestApp(): Promise<{
  app: FastifyInstance;
  dbPath: string;
  close: () => Promise<void>;
}> {
  const temp = tempDbPath();
  const app = build({ dbPath: temp.dbPath });
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

/** Parses a JSON response body into a plain object for assertions. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}
