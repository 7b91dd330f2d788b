import { readServiceSecret, runServer } from '@storefront/service-kit';
import { build } from './app.js';
import { loadConfig } from './config.js';

// A bad setting stops the start with the variable's name (runServer prints the ConfigError's message).
await runServer('bff', () => {
  const config = loadConfig();
  // Shared with the services (npm start generates one per run); no default, a missing one stops the start.
  const serviceSecret = readServiceSecret();
  const app = build({
    serviceSecret,
    upstreams: {
      catalog: { baseUrl: config.catalogServiceUrl, resilience: config.resilience.catalog },
      cart: { baseUrl: config.cartServiceUrl, resilience: config.resilience.cart },
      account: { baseUrl: config.accountServiceUrl, resilience: config.resilience.account },
      accountPassword: { baseUrl: config.accountServiceUrl, resilience: config.resilience.accountPassword },
    },
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    demoMode: config.demoMode,
    faultProxyControlUrl: config.faultProxyControlUrl,
    checkoutRecovery: config.checkoutRecovery,
    // Peers are every replica but this one (same port = this one; BFF_PEERS lists them all).
    replica: {
      id: config.replicaId,
      peers: config.peers.filter((peer) => new URL(peer).port !== String(config.port)),
    },
    supervisorUrl: config.supervisorUrl,
    traceStoreUrl: config.traceStoreUrl,
    alertWebhookUrl: config.alertWebhookUrl,
    limits: config.limits,
    publicOrigins: config.publicOrigins,
    allowedHosts: config.allowedHosts,
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
          replicaId: config.replicaId,
          peers: config.peers,
          faultProxyControlUrl: config.faultProxyControlUrl,
          resilience: config.resilience,
        },
        'bff listening',
      ),
  };
});
