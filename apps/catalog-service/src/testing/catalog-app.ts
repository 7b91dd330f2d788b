import { startTestApp, type TestApp, tempDbPath } from '@storefront/service-kit/testing';
import { build } from '../app.js';

/** A ready catalog service on its own temporary (seeded) database (the kit's test app). */
export function startCatalog(): Promise<TestApp> {
  return startTestApp('catalog-service', 'catalog.db', (dbPath) => build({ dbPath }));
}

/** A catalog database path in a fresh temporary folder. */
export function catalogDbPath(): { dbPath: string; cleanup: () => void } {
  return tempDbPath('catalog-service', 'catalog.db');
}
