import {
  ConfigError,
  readInteger,
  readServerSettings,
  readServiceSecret,
  readText,
  runServer,
} from '@storefront/service-kit';
import { readEventSettings, readFeedUrl } from '@storefront/service-kit/events';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
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
    ...readEventSettings(),
    checkoutMode: readCheckoutMode(),
    catalogEventsUrl: readFeedUrl('CATALOG', 4001),
    eventsOutsideTransaction: outsideMs > 0 ? { delayMs: outsideMs } : undefined,
  });
  return { app, port, host };
});
