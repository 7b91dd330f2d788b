import {
  readInteger,
  readServerSettings,
  readServiceSecret,
  readText,
  runServer,
} from '@storefront/service-kit';
import { readEventSettings, readFeedUrl } from '@storefront/service-kit/events';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
import { build } from './app.js';
import { type IntegerSetting, RESERVATION_SWEEP_EVERY, RESERVATION_TTL } from './lib/reservation-settings.js';

const readSetting = (setting: IntegerSetting): number =>
  readInteger(setting.env, setting.fallback, { min: setting.min, max: setting.max });

await runServer('catalog-service', () => {
  const { port, host, logLevel } = readServerSettings(4001);
  const dbPath = readText('CATALOG_DB_PATH', defaultDbPath(import.meta.url, 'catalog-service', 'catalog.db'));
  const reservationTtlMs = readSetting(RESERVATION_TTL);
  const reservationSweepEveryMs = readSetting(RESERVATION_SWEEP_EVERY);
  const serviceSecret = readServiceSecret();
  return {
    app: build({
      dbPath,
      serviceSecret,
      logger: { level: logLevel },
      ...readEventSettings(),
      reservationTtlMs,
      reservationSweepEveryMs,
      cartEventsUrl: readFeedUrl('CART', 4002),
    }),
    port,
    host,
  };
});
