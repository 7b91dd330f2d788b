import { build } from './app.js';
import { ConfigError, loadConfig } from './config.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    // Fail fast with the variable's name instead of starting with a surprising policy.
    process.stderr.write(`bff: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const app = build({
  upstreams: {
    catalog: { baseUrl: config.catalogServiceUrl, resilience: config.resilience.catalog },
    cart: { baseUrl: config.cartServiceUrl, resilience: config.resilience.cart },
    account: { baseUrl: config.accountServiceUrl, resilience: config.resilience.account },
  },
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  demoMode: config.demoMode,
  faultProxyControlUrl: config.faultProxyControlUrl,
});

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'error while closing');
    process.exit(1);
  }
}
process.once('SIGTERM', (signal) => void shutdown(signal));
process.once('SIGINT', (signal) => void shutdown(signal));

try {
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    {
      catalogServiceUrl: config.catalogServiceUrl,
      cartServiceUrl: config.cartServiceUrl,
      accountServiceUrl: config.accountServiceUrl,
      demoMode: config.demoMode,
      faultProxyControlUrl: config.faultProxyControlUrl,
      resilience: config.resilience,
    },
    'bff listening',
  );
} catch (error) {
  app.log.error({ err: error }, 'bff failed to start');
  process.exit(1);
}
