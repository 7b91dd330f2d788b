import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, build } from '../app.js';

/** A fresh temp folder with a database path in it; `cleanup` removes the folder. */
export function tempDbPath(): { dir: string; dbPath: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'account-service-'));
  return {
    dir,
    dbPath: join(dir, 'account.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A clock tests can move forward. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

/** A manual clock starting at a fixed instant. */
export function testClock(start = Date.UTC(2030, 0, 1)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** A ready app on its own temp database and a manual clock; `close` also removes the folder. */
export async function startTestApp(overrides: Partial<Omit<BuildOptions, 'dbPath' | 'now'>> = {}): Promise<{
  app: FastifyInstance;
  dbPath: string;
  clock: TestClock;
  close: () => Promise<void>;
}> {
  const temp = tempDbPath();
  const clock = testClock();
  const app = build({ ...overrides, dbPath: temp.dbPath, now: clock.now });
  await app.ready();
  return {
    app,
    dbPath: temp.dbPath,
    clock,
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
