import { readServerSettings, readServiceSecret, readText, runServer } from '@storefront/service-kit';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
import { build } from './app.js';

await runServer('cart-service', () => {
  const { port, host, logLevel } = readServerSettings(4002);
  const dbPath = readText('CART_DB_PATH', defaultDbPath(import.meta.url, 'cart-service', 'cart.db'));
  const serviceSecret = readServiceSecret();
  return { app: build({ dbPath, serviceSecret, logger: { level: logLevel } }), port, host };
});
