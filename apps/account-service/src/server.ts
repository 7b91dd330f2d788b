import { fileURLToPath } from 'node:url';
import { build, DEFAULT_SESSION_TTL_MS } from './app.js';

// From dist/server.js (or src/server.ts under tsx) three levels up is the repository root.
const DEFAULT_DB_PATH = fileURLToPath(new URL('../../../.data/account-service/account.db', import.meta.url));

function readInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return parsed;
}

/** Starts the account service from environment variables and stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const port = readInteger('PORT', process.env.PORT, 4003, 0, 65535);
  const host = process.env.HOST || '127.0.0.1';
  const dbPath = process.env.ACCOUNT_DB_PATH || DEFAULT_DB_PATH;
  const sessionTtlMs = readInteger(
    'SESSION_TTL_MS',
    process.env.SESSION_TTL_MS,
    DEFAULT_SESSION_TTL_MS,
    1000,
    365 * 24 * 60 * 60 * 1000,
  );

  // The db plugin creates the folder; build() always adds log redaction.
  const app = build({ dbPath, sessionTtlMs, logger: { level: process.env.LOG_LEVEL || 'info' } });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Safety net: never hang forever on a stuck connection.
    const force = setTimeout(() => {
      app.log.error('shutdown timed out, exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => {
        app.log.info('closed');
        process.exitCode = 0;
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen({ port, host });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
