import {
  readInteger,
  readServerSettings,
  readServiceSecret,
  readText,
  runServer,
} from '@storefront/service-kit';
import { defaultDbPath, OUTBOX_RETENTION_MS } from '@storefront/service-kit/sqlite';
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
      natsUrl: readText('NATS_URL', '') || undefined,
      outboxRetentionMs: readInteger('OUTBOX_RETENTION_MS', OUTBOX_RETENTION_MS, {
        min: 60_000,
        max: 366 * 86_400_000,
      }),
      reservationTtlMs,
      reservationSweepEveryMs,
      cartEventsUrl: readText('CART_EVENTS_URL', 'http://127.0.0.1:4002'),
      eventsPollMs: readInteger('EVENTS_POLL_MS', 250, { min: 10, max: 60_000 }),
    }),
    port,
    host,
  };
});
