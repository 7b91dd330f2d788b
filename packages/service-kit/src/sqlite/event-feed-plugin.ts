// The embedded transport of domain events (issue 13): each service serves its outbox as an ordered feed that
// consumers pull, keeping their position in their own database. Nothing to install; a broker comes later.
import type Database from 'better-sqlite3';
import { ApiError } from '../api-error.js';
import { definePlugin } from '../plugin.js';
import { VALIDATION_CODE } from '../validation.js';
import { FEED_MAX_LIMIT, FeedTrimmedError, readFeed } from './outbox.js';

/** Events a page holds when `limit` is not given. */
export const FEED_DEFAULT_LIMIT = 100;

export interface EventFeedPluginOptions {
  /** The service's connection (read once the database plugin has opened it); its database created the outbox. */
  sqlite: () => Database.Database;
}

// Strings, not integers: most services validate as sent (no coercion), and 15 digits stay exact in a double.
const querySchema = {
  type: 'object',
  properties: {
    after: { type: 'string', pattern: '^[0-9]{1,15}$' },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
  },
  additionalProperties: false,
} as const;

function badLimit(): ApiError {
  return new ApiError(
    400,
    VALIDATION_CODE,
    `Invalid value for query parameter "limit": expected an integer from 1 to ${FEED_MAX_LIMIT}.`,
    { details: { param: 'limit' } },
  );
}

/**
 * `GET /events?after=<position>&limit=<1..500>` → `{ events, next }`: the service's domain events after `after`
 * (default 0: from the start), oldest first; ask again with `after=next`. Who may read it is the service's
 * credential rule (signed by a holder of `SERVICE_SECRET`, except where the service's reads are public).
 */
export const eventFeedPlugin = definePlugin<EventFeedPluginOptions>(
  'event-feed',
  async (app, options) => {
    app.get<{ Querystring: { after?: string; limit?: string } }>(
      '/events',
      // Consumers poll it: their request lines would drown the log (failures still log).
      { schema: { querystring: querySchema }, logLevel: 'warn' },
      async (request) => {
        const after = Number(request.query.after ?? 0);
        const limit = Number(request.query.limit ?? FEED_DEFAULT_LIMIT);
        if (limit < 1 || limit > FEED_MAX_LIMIT) throw badLimit();
        try {
          return readFeed(options.sqlite(), after, limit);
        } catch (error) {
          if (!(error instanceof FeedTrimmedError)) throw error;
          throw new ApiError(410, 'EVENTS_TRIMMED', `${error.message}: this reader missed them for good.`, {
            details: { after: error.after, trimmedThrough: error.trimmedThrough },
          });
        }
      },
    );
  },
  { encapsulate: true },
);
