import { runServer } from '@storefront/service-kit';
import { build } from './app.js';
import { readConfig } from './config.js';

// Loopback only, by design: the processes that export to it and the BFF that reads it run on this machine.
const HOST = '127.0.0.1';

// The store never traces itself: each of its own spans would be posted back to it, and that post traced again.
// Whatever the shell exported, no exporter of this process is pointed anywhere.
for (const name of ['TRACE_STORE_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
  delete process.env[name];
}
process.env.OTEL_SDK_DISABLED = 'true';

await runServer('trace-store', () => {
  const { port, logLevel, limits } = readConfig();
  const app = build({ limits, logger: { level: logLevel } });
  return {
    app,
    port,
    host: HOST,
    onListening: (listening) => listening.log.info({ limits }, 'keeping recent traces'),
  };
});
