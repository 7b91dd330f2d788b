import { fileURLToPath } from 'node:url';
import { build } from './app.js';
import { loggerOptions } from './lib/logging.js';

// From dist/server.js (or src/server.ts under tsx) three levels up is the repository root.
const DEFAULT_DB_PATH = fileURLToPath(new URL('../../../.data/cart-service/cart.db', import.meta.url));

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

/** Starts the cart service from environment variables and stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const port = readPort(process.env.PORT, 4002);
  const host = process.env.HOST || '127.0.0.1';
  const dbPath = process.env.CART_DB_PATH || DEFAULT_DB_PATH;

  const app = build({ dbPath, logger: loggerOptions(process.env.LOG_LEVEL || 'info') });

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
