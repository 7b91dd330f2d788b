import {
  ConfigError,
  readInteger,
  readServerSettings,
  readServiceSecret,
  readText,
  runServer,
} from '@storefront/service-kit';
import { defaultDbPath, OUTBOX_RETENTION_MS } from '@storefront/service-kit/sqlite';
import { build } from './app.js';
import { CHECKOUT_MODES, type CheckoutMode } from './db/types.js';

function readCheckoutMode(): CheckoutMode | undefined {
  const value = readText('CHECKOUT_MODE', '');
  if (value === '') return undefined;
  const mode = CHECKOUT_MODES.find((candidate) => candidate === value);
  if (!mode)
    throw new ConfigError(`CHECKOUT_MODE must be one of ${CHECKOUT_MODES.join(', ')} (got "${value}")`);
  return mode;
}

await runServer('cart-service', () => {
  const { port, host, logLevel } = readServerSettings(4002);
  const dbPath = readText('CART_DB_PATH', defaultDbPath(import.meta.url, 'cart-service', 'cart.db'));
  const serviceSecret = readServiceSecret();
  // The demo of a dual write (docs/domain.md): set only by the scenario that shows what the outbox prevents.
  const outsideMs = readInteger('DEMO_EVENTS_OUTSIDE_TRANSACTION_MS', 0, { min: 0, max: 60_000 });
  const app = build({
    dbPath,
    serviceSecret,
    logger: { level: logLevel },
    natsUrl: readText('NATS_URL', '') || undefined,
    outboxRetentionMs: readInteger('OUTBOX_RETENTION_MS', OUTBOX_RETENTION_MS, {
      min: 60_000,
      max: 366 * 86_400_000,
    }),
    checkoutMode: readCheckoutMode(),
    catalogEventsUrl: readText('CATALOG_EVENTS_URL', 'http://127.0.0.1:4001'),
    eventsPollMs: readInteger('EVENTS_POLL_MS', 250, { min: 10, max: 60_000 }),
    eventsOutsideTransaction: outsideMs > 0 ? { delayMs: outsideMs } : undefined,
  });
  return { app, port, host };
});
