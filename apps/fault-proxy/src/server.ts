import { build } from './app.js';
import { parseTargets, readPort } from './config.js';
import { defaultScenariosDir, loadScenarios } from './scenarios.js';

/** Starts the fault proxy from environment variables and stops it cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const controlPort = readPort('FAULT_PROXY_CONTROL_PORT', process.env.FAULT_PROXY_CONTROL_PORT, 5000);
  const targets = parseTargets(process.env.FAULT_PROXY_TARGETS);
  // A bad scenario file stops the start here, with a message naming the file and the field.
  const scenarios = loadScenarios(
    process.env.FAULT_PROXY_SCENARIOS_DIR || defaultScenariosDir(),
    targets.map((target) => target.name),
  );
  // Loopback only, by design: the control API and the proxies are a local demo tool.
  const host = '127.0.0.1';

  const app = build({ targets, host, scenarios, logger: { level: process.env.LOG_LEVEL || 'info' } });

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

  await app.listen({ port: controlPort, host });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
