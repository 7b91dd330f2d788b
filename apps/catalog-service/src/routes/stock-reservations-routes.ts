import { ApiError, definePlugin } from '@storefront/service-kit';
import { REPORT_STATES, type ReportState, type ReservationLine } from '../db/stock-reservations.js';
import type { ErrorCode } from '../lib/error-codes.js';

/** Bounds of a reservation request. */
export const MAX_RESERVATION_LINES = 50;
export const MAX_LINE_QUANTITY = 99;

/** Body of `POST /stock/reservations`. */
export const reservationBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reservationId', 'lines'],
  properties: {
    reservationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_RESERVATION_LINES,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: {
          productId: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          quantity: { type: 'integer', minimum: 1, maximum: MAX_LINE_QUANTITY },
        },
      },
    },
  },
} as const;

/** Most reservations one report lists (newest first); `truncated` says when more matched. */
export const REPORT_LIMIT = 500;

/** Query string of `GET /stock/reservations`; `olderThan` is parsed by {@link parseDuration}. */
export const reportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    olderThan: { type: 'string', maxLength: 20, default: '0' },
    state: { type: 'string', enum: [...REPORT_STATES], default: 'live' },
  },
} as const;

interface ReportQuerystring {
  olderThan: string;
  state: ReportState;
}

const DURATION = /^(\d{1,15})(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `1500` or `1500ms` → 1500, `30s` → 30000, `2m` → 120000, `1h` → 3600000; anything else → undefined. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match?.[1]) return undefined;
  const unit = (match[2] ?? 'ms') as keyof typeof UNIT_MS;
  return Number(match[1]) * UNIT_MS[unit];
}

interface ReservationBody {
  reservationId: string;
  lines: ReservationLine[];
}

/** A body the schema accepts but the service does not (a product listed twice), named like a schema failure. */
function invalidField(field: string, reason: string): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(400, 'INVALID_REQUEST', `Invalid field "${field}": ${reason}.`, {
    details: { field },
  });
}

/** Shortens a path parameter before echoing it in an error message. */
function preview(value: string): string {
  return value.length > 80 ? `${value.slice(0, 79)}…` : value;
}

/**
 * Stock reservations for the checkout (internal): reserve, commit, release, the report of reservations, and the
 * stock overview the conservation checks read.
 */
export const stockReservationsRoutes = definePlugin(
  'catalog-stock-reservations-routes',
  async (app) => {
    app.post<{ Body: ReservationBody }>(
      '/stock/reservations',
      { schema: { body: reservationBodySchema } },
      async (request, reply) => {
        const { reservationId, lines } = request.body;
        const seen = new Set<number>();
        for (const [index, line] of lines.entries()) {
          if (seen.has(line.productId)) {
            throw invalidField(`lines[${index}].productId`, `product ${line.productId} is listed twice`);
          }
          seen.add(line.productId);
        }

        const result = app.reservations.reserve(reservationId, lines);
        if (result.kind === 'insufficient') {
          throw new ApiError<ErrorCode>(
            409,
            'INSUFFICIENT_STOCK',
            'Not enough stock for some lines; nothing was reserved.',
            { details: { lines: result.lines } },
          );
        }
        return reply.code(result.kind === 'created' ? 201 : 200).send({ reservation: result.reservation });
      },
    );

    // The order exists: the stock stays taken for good.
    app.post<{ Params: { id: string } }>('/stock/reservations/:id/commit', async (request) => {
      const { id } = request.params;
      const result = app.reservations.commit(id);
      if (result.kind === 'not-found') {
        throw new ApiError<ErrorCode>(404, 'RESERVATION_NOT_FOUND', `No reservation "${preview(id)}".`);
      }
      if (result.kind === 'insufficient') {
        // Only when the commit came after the reservation expired and its stock was sold again.
        request.log.error(
          { reservationId: id, lines: result.lines, releasedAt: result.reservation.releasedAt },
          'order without stock',
        );
        throw new ApiError<ErrorCode>(
          409,
          'INSUFFICIENT_STOCK',
          'The reservation was released and its stock is no longer available; nothing was committed.',
          { details: { lines: result.lines } },
        );
      }
      if (result.retaken) {
        request.log.warn(
          { reservationId: id, units: result.reservation.units, lines: result.reservation.lines },
          'reservation retaken on commit',
        );
      }
      return { reservation: result.reservation, retaken: result.retaken };
    });

    app.delete<{ Params: { id: string } }>('/stock/reservations/:id', async (request, reply) => {
      // Idempotent by design: unknown or already released ids answer the same 204, and stock returns once.
      const result = app.reservations.release(request.params.id);
      if (result.kind === 'committed') {
        throw new ApiError<ErrorCode>(
          409,
          'RESERVATION_COMMITTED',
          'The reservation is committed (its order exists); its stock is not released.',
          { details: { committedAt: result.reservation.committedAt } },
        );
      }
      return reply.code(204).send();
    });

    app.get<{ Querystring: ReportQuerystring }>(
      '/stock/reservations',
      { schema: { querystring: reportQuerySchema } },
      async (request) => {
        const { olderThan, state } = request.query;
        const olderThanMs = parseDuration(olderThan);
        if (olderThanMs === undefined) {
          throw new ApiError<ErrorCode>(
            400,
            'INVALID_REQUEST',
            'Invalid value for query parameter "olderThan": expected milliseconds as an integer or a duration such as 30s, 2m or 1h.',
            { details: { param: 'olderThan' } },
          );
        }
        const now = app.reservations.clock();
        return app.reservations.report({ olderThanMs, state, now, limit: REPORT_LIMIT });
      },
    );

    // Stock and units held by reservations, from one snapshot: the conservation checks compare their sums.
    app.get('/stock', async () => app.reservations.stockOverview());
  },
  { encapsulate: true },
);
