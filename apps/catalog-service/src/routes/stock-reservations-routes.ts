import { ApiError, definePlugin } from '@storefront/service-kit';
import type { FastifySchemaValidationError } from 'fastify';
import type { ReservationLine } from '../db/stock-reservations.js';
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

interface ReservationBody {
  reservationId: string;
  lines: ReservationLine[];
}

/** `/lines/0/quantity` + missing property → `lines.0.quantity`. */
function fieldOf(error: FastifySchemaValidationError | undefined): string {
  if (!error) return 'body';
  const parts = error.instancePath.split('/').filter((part) => part !== '');
  const child = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof child === 'string') parts.push(child);
  return parts.length > 0 ? parts.join('.') : 'body';
}

function invalidField(field: string, reason: string): ApiError<ErrorCode> {
  return new ApiError<ErrorCode>(400, 'INVALID_BODY', `Invalid field "${field}": ${reason}.`, {
    details: { field },
  });
}

/** `POST /stock/reservations` and `DELETE /stock/reservations/:id` (checkout support, internal). */
export const stockReservationsRoutes = definePlugin(
  'catalog-stock-reservations-routes',
  async (app) => {
    app.post<{ Body: ReservationBody }>(
      '/stock/reservations',
      // Checked here, not by the kit's handler: this route's published `field` form is `lines.0.quantity`.
      { schema: { body: reservationBodySchema }, attachValidation: true },
      async (request, reply) => {
        if (request.validationError) {
          const first = (request.validationError.validation as FastifySchemaValidationError[])[0];
          throw invalidField(fieldOf(first), first?.message ?? 'not valid');
        }
        const { reservationId, lines } = request.body;
        const seen = new Set<number>();
        for (const [index, line] of lines.entries()) {
          if (seen.has(line.productId)) {
            throw invalidField(`lines.${index}.productId`, `product ${line.productId} is listed twice`);
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

    app.delete<{ Params: { id: string } }>('/stock/reservations/:id', async (request, reply) => {
      // Idempotent by design: unknown or already released ids answer the same 204, and stock returns once.
      app.reservations.release(request.params.id);
      return reply.code(204).send();
    });
  },
  { encapsulate: true },
);
