import { runServer } from '@storefront/service-kit';
import { build } from './app.js';
import { loadConfig } from './config.js';

// A bad setting stops the start with the variable's name (runServer prints the ConfigError's message).
await runServer('bff', () => {
  const config = loadConfig();
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
  return {
    app,
    port: config.port,
    host: config.host,
    onListening: (listening) =>
      listening.log.info(
        {
          catalogServiceUrl: config.catalogServiceUrl,
          cartServiceUrl: config.cartServiceUrl,
          accountServiceUrl: config.accountServiceUrl,
          demoMode: config.demoMode,
          faultProxyControlUrl: config.faultProxyControlUrl,
          resilience: config.resilience,
        },
        'bff listening',
      ),
  };
});
