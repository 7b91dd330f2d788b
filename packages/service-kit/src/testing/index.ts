// Test helpers for the processes' own suites: an app on a temporary database, JSON bodies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { ServiceCredential } from '../service-credential.js';

/** A fresh temporary folder; `cleanup` removes it and everything in it. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A database path `file` in a fresh temporary folder; `cleanup` removes the folder. */
export function tempDbPath(prefix: string, file: string): { dbPath: string; cleanup: () => void } {
  const temp = tempDir(prefix);
  return { dbPath: join(temp.dir, file), cleanup: temp.cleanup };
}

/** A ready app on its own database in a temporary folder. */
export interface TestApp<App extends FastifyInstance = FastifyInstance> {
  app: App;
  dbPath: string;
  /** Closes the app and removes the folder. */
  close: () => Promise<void>;
}

/** Builds an app with `build(dbPath)` on a database file named `file` in a new temporary folder, and readies it. */
export async function startTestApp<App extends FastifyInstance>(
  prefix: string,
  file: string,
  build: (dbPath: string) => App,
): Promise<TestApp<App>> {
  const { dbPath, cleanup } = tempDbPath(prefix, file);
  const app = build(dbPath);
  try {
    await app.ready();
  } catch (error) {
    cleanup();
    throw error;
  }
  return {
    app,
    dbPath,
    close: async () => {
      await app.close();
      cleanup();
    },
  };
}

/** Parses a JSON response body for assertions. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}

/** The services' secret in tests (the BFF's tests sign with it; the services' test helpers verify with it). */
export const TEST_SERVICE_SECRET = 'test-only-service-secret-0123456789abcdef';
const testCredential = new ServiceCredential(TEST_SERVICE_SECRET);

/**
 * An `inject` request with the BFF's credential added (signed now with {@link TEST_SERVICE_SECRET} unless told):
 * what the BFF sends. `url` (query included) is signed as a client sends it: normalized like `new URL` does
 * (`/a b` goes out as `/a%20b`).
 */
export function signed<
  Request extends { method?: HTTPMethods; url: string; headers?: Record<string, string> },
>(
  request: Request,
  secret: string = TEST_SERVICE_SECRET,
  now: number = Date.now(),
): Request & { headers: Record<string, string> } {
  const headers = request.headers ?? {};
  const target = new URL(request.url, 'http://service.invalid');
  const credential = (secret === TEST_SERVICE_SECRET ? testCredential : new ServiceCredential(secret)).sign(
    request.method ?? 'GET',
    `${target.pathname}${target.search}`,
    headers,
    now,
  );
  return { ...request, headers: { ...headers, ...credential } };
}

export {
  type EdgeProbe,
  type EdgeProbeOptions,
  edgeProbeProblem,
  expectEdgeErrors,
  probeEdgeErrors,
  type RawAnswer,
  rawExchange,
} from './edge-errors.js';
export { freePorts } from './free-ports.js';
export { NATS_SERVER_BINARY, startNatsServer, type TestNatsServer } from './nats-server.js';
export { recordSpans, SpanKind, type SpanRecorder } from './span-recorder.js';
