import { startTestApp, TEST_SERVICE_SECRET, type TestApp, tempDbPath } from '@storefront/service-kit/testing';
import { type BuildOptions, build } from '../app.js';

/**
 * A ready catalog service on its own temporary (seeded) database (the kit's test app), with build options; it
 * trusts `TEST_SERVICE_SECRET` (writes are sent `signed(...)`, as the BFF does).
 */
export function startCatalog(opts: Partial<Omit<BuildOptions, 'dbPath'>> = {}): Promise<TestApp> {
  return startTestApp('catalog-service', 'catalog.db', (dbPath) =>
    build({ serviceSecret: TEST_SERVICE_SECRET, ...opts, dbPath }),
  );
}

/** A catalog database path in a fresh temporary folder. */
export function catalogDbPath(): { dbPath: string; cleanup: () => void } {
  return tempDbPath('catalog-service', 'catalog.db');
}

/** A clock tests move by hand: `now()` for the build option, `set`/`advance` to move it. */
export interface FakeClock {
  now: () => Date;
  set: (at: Date | string) => void;
  advance: (ms: number) => void;
}

export function fakeClock(start: Date | string = '2030-01-01T00:00:00.000Z'): FakeClock {
  let ms = new Date(start).getTime();
  return {
    now: () => new Date(ms),
    set: (at) => {
      ms = new Date(at).getTime();
    },
    advance: (delta) => {
      ms += delta;
    },
  };
}
