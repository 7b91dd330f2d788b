// `server.ts` of every process: read the settings, build, listen, and stop cleanly on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import { ConfigError } from './env.js';
import { readTracingSettings, startTracing } from './tracing/start-tracing.js';

/** What a process's setup returns: its app (not listening yet) and where to listen. */
export interface ServerSetup {
  app: FastifyInstance;
  port: number;
  /** Default 127.0.0.1: every process of the storefront is reached through another on the same machine. */
  host?: string;
  /** Called once listening (e.g. to log the effective settings). */
  onListening?: (app: FastifyInstance) => void;
}

/** How long a clean shutdown may take before the process exits anyway (a stuck connection must not hang it). */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

function stopOnSignals(app: FastifyInstance): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out, exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    app.close().then(
      () => {
        app.log.info('closed');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/**
 * Runs a process: tracing starts (`TRACE_STORE_URL`, `OTEL_*`), `setup` reads its settings and builds the app. A bad setting ({@link ConfigError}) stops the
 * start with one line naming the variable; any other failure to start is logged and exits 1.
 */
export async function runServer(
  name: string,
  setup: () => ServerSetup | Promise<ServerSetup>,
): Promise<void> {
  let server: ServerSetup;
  // Before the app exists: its outgoing calls are instrumented from the first one.
  const tracing = startTracing(readTracingSettings(process.env, name));
  try {
    server = await setup();
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  }
  const { app } = server;
  // What is still batched goes out before the process ends.
  app.addHook('onClose', () => tracing.shutdown());
  stopOnSignals(app);
  try {
    await app.listen({ port: server.port, host: server.host ?? '127.0.0.1' });
    server.onListening?.(app);
  } catch (error) {
    app.log.error({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
