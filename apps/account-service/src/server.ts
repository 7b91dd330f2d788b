import {
  readInteger,
  readServerSettings,
  readServiceSecret,
  readText,
  runServer,
} from '@storefront/service-kit';
import { readEventSettings } from '@storefront/service-kit/events';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
import { build, DEFAULT_SESSION_IDLE_TIMEOUT_MS, DEFAULT_SESSION_TTL_MS } from './app.js';
import { DEFAULT_HASH_CONCURRENCY } from './lib/password.js';

const MAX_SESSION_TTL_MS = 365 * 24 * 60 * 60 * 1000;

await runServer('account-service', () => {
  const { port, host, logLevel } = readServerSettings(4003);
  const dbPath = readText('ACCOUNT_DB_PATH', defaultDbPath(import.meta.url, 'account-service', 'account.db'));
  const sessionTtlMs = readInteger('SESSION_TTL_MS', DEFAULT_SESSION_TTL_MS, {
    min: 1000,
    max: MAX_SESSION_TTL_MS,
  });
  const sessionIdleTimeoutMs = readInteger('SESSION_IDLE_TIMEOUT_MS', DEFAULT_SESSION_IDLE_TIMEOUT_MS, {
    min: 1000,
    max: MAX_SESSION_TTL_MS,
  });
  // Each hash holds 64 MiB while it runs: this bounds the memory of a burst of sign-ins.
  const concurrency = readInteger('PASSWORD_HASH_CONCURRENCY', DEFAULT_HASH_CONCURRENCY, { min: 1, max: 16 });
  // build() always adds log redaction.
  const serviceSecret = readServiceSecret();
  return {
    app: build({
      dbPath,
      sessionTtlMs,
      sessionIdleTimeoutMs,
      passwords: { concurrency },
      serviceSecret,
      logger: { level: logLevel },
      ...readEventSettings(),
    }),
    port,
    host,
  };
});
