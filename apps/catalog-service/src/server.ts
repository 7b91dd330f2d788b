import { readServerSettings, readText, runServer } from '@storefront/service-kit';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
import { build } from './app.js';

await runServer('catalog-service', () => {
  const { port, host, logLevel } = readServerSettings(4001);
  const dbPath = readText('CATALOG_DB_PATH', defaultDbPath(import.meta.url, 'catalog-service', 'catalog.db'));
  return { app: build({ dbPath, logger: { level: logLevel } }), port, host };
});
