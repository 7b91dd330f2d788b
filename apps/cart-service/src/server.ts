import { fileURLToPath } from 'node:url';
import { readPort, readText, runServer } from '@storefront/service-kit';
import { build } from './app.js';

// From dist/server.js (or src/server.ts under tsx) three levels up is the repository root.
const DEFAULT_DB_PATH = fileURLToPath(new URL('../../../.data/cart-service/cart.db', import.meta.url));

await runServer('cart-service', () => {
  const port = readPort('PORT', 4002);
  const host = readText('HOST', '127.0.0.1');
  const dbPath = readText('CART_DB_PATH', DEFAULT_DB_PATH);
  const level = readText('LOG_LEVEL', 'info');
  return { app: build({ dbPath, logger: { level } }), port, host };
});
