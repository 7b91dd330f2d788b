import { fileURLToPath } from 'node:url';
import { readInteger, readPort, readText, runServer } from '@storefront/service-kit';
import { build, DEFAULT_SESSION_TTL_MS } from './app.js';

// From dist/server.js (or src/server.ts under tsx) three levels up is the repository root.
const DEFAULT_DB_PATH = fileURLToPath(new URL('../../../.data/account-service/account.db', import.meta.url));
const MAX_SESSION_TTL_MS = 365 * 24 * 60 * 60 * 1000;

await runServer('account-service', () => {
  const port = readPort('PORT', 4003);
  const host = readText('HOST', '127.0.0.1');
  const dbPath = readText('ACCOUNT_DB_PATH', DEFAULT_DB_PATH);
  const sessionTtlMs = readInteger('SESSION_TTL_MS', DEFAULT_SESSION_TTL_MS, {
    min: 1000,
    max: MAX_SESSION_TTL_MS,
  });
  const level = readText('LOG_LEVEL', 'info');
  // build() always adds log redaction.
  return { app: build({ dbPath, sessionTtlMs, logger: { level } }), port, host };
});
