import { createApp, serviceCredentialPlugin } from '@storefront/service-kit';
import { domainEventsPlugin } from '@storefront/service-kit/events';
import { databaseCheck, idempotencyLedgerPlugin, sqlitePlugin } from '@storefront/service-kit/sqlite';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AccountDb } from './db/account-db.js';
import type { PasswordHasherOptions } from './lib/password.js';
import { clockPlugin } from './plugins/clock-plugin.js';
import { passwordsPlugin } from './plugins/passwords-plugin.js';
import { profileRoutes } from './routes/profile-routes.js';
import { sessionsRoutes } from './routes/sessions-routes.js';
import { usersRoutes } from './routes/users-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The account database (opened and migrated). */
    db: AccountDb;
  }
}

/** Default session lifetime: 7 days. */
export const DEFAULT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Default idle timeout: a session unused for 30 minutes is refused and deleted. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * Log paths never written in clear beside the kit's (authorization, cookies): passwords and session tokens
 * wherever they sit (docs/cart-and-account.md, "Identity").
 */
export const LOG_REDACT_PATHS = ['*.password', '*.token'];

/** Options of {@link build}. */
export interface BuildOptions {
  /** SQLite file of the accounts; created and migrated on first start. */
  dbPath: string;
  /** Session lifetime in milliseconds (default 7 days). */
  sessionTtlMs?: number;
  /** A session unused this long is refused and deleted (default 30 minutes); it slides with use. */
  sessionIdleTimeoutMs?: number;
  /** scrypt cost and concurrent hashes (default: production cost, 2 at once); tests pass a cheaper cost. */
  passwords?: PasswordHasherOptions;
  /** Clock in epoch milliseconds (default `Date.now`); tests move it forward to expire sessions. */
  now?: () => number;
  /** Pino options (redaction is always added) or `false` (default, quiet tests). */
  logger?: FastifyServerOptions['logger'];
  /** Idempotency keys kept per caller (default: the kit's 1000); tests lower it to see the bound work. */
  maxIdempotencyKeysPerCaller?: number;
  /** `SERVICE_SECRET`: only requests signed with it by the BFF may write or name a shopper (no default). */
  serviceSecret: string;
  /** `NATS_URL`: domain events go through NATS JetStream (else consumers pull the feeds). */
  natsUrl?: string;
  /** `OUTBOX_RETENTION_MS`: how long the outbox keeps events (default a week). */
  outboxRetentionMs?: number;
  /** Pause between outbox reads of the NATS relay (default 250 ms). */
  eventsPollMs?: number;
}

const accountDbPlugin = sqlitePlugin('account-db', (dbPath) => new AccountDb(dbPath));

/** Creates the account service's Fastify instance with every plugin registered; it is not listening. */
export function build(opts: BuildOptions): FastifyInstance {
  // The kit's ajv defaults suit the accounts: bodies are validated as sent, no silent type coercion.
  const app = createApp({
    name: 'account-service',
    logger: opts.logger,
    redact: LOG_REDACT_PATHS,
    health: { service: 'account', checks: [databaseCheck(() => app.db)] },
  });
  // Sign-up, sign-in, sign-out and the profile answer the BFF only; the real clock, not the sessions' test clock.
  app.register(serviceCredentialPlugin, { secret: opts.serviceSecret });
  app.register(clockPlugin, {
    now: opts.now ?? Date.now,
    sessionTtlMs: opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS,
    sessionIdleTimeoutMs: opts.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS,
  });
  app.register(passwordsPlugin, opts.passwords ?? {});
  app.register(accountDbPlugin, { dbPath: opts.dbPath });
  // Idempotency keys of sign-up and profile update, in the account database itself: a key is written in the
  // transaction of the change it stands for (table `idempotency_keys`, 24 h, bounded per caller).
  app.register(idempotencyLedgerPlugin, {
    sqlite: () => app.db.sqlite,
    now: opts.now ?? Date.now,
    maxKeysPerCaller: opts.maxIdempotencyKeysPerCaller,
  });
  app.register(usersRoutes);
  app.register(sessionsRoutes);
  app.register(profileRoutes);
  // GET /events: the account's domain events, for services holding SERVICE_SECRET (every read here is signed).
  app.register(domainEventsPlugin, {
    sqlite: () => app.db.sqlite,
    service: 'account-service',
    natsUrl: opts.natsUrl,
    retentionMs: opts.outboxRetentionMs,
    pollMs: opts.eventsPollMs,
  });
  return app;
}
