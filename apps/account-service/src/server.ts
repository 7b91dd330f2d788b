import { readInteger, readServerSettings, readText, runServer } from '@storefront/service-kit';
import { defaultDbPath } from '@storefront/service-kit/sqlite';
import { build, DEFAULT_SESSION_TTL_MS } from './app.js';

const MAX_SESSION_TTL_MS = 365 * 24 * 60 * 60 * 1000;

await runServer('account-service', () => {
  const { port, host, logLevel } = readServerSettings(4003);
  const dbPath = readText('ACCOUNT_DB_PATH', defaultDbPath(import.meta.url, 'account-service', 'account.db'));
  const sessionTtlMs = readInteger('SESSION_TTL_MS', DEFAULT_SESSION_TTL_MS, {
    min: 1000,
    max: MAX_SESSION_TTL_MS,
  });
  // build() always adds log redaction.
  return { app: build({ dbPath, sessionTtlMs, logger: { level: logLevel } }), port, host };
});
