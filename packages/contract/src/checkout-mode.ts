// The checkout mode (issue 13): the cart service's setting that decides how the next checkouts run, read by the
// console and switched from it in demo mode (a demo of orchestration against choreography, not a shop setting).
import { errorResponse, Meta, Unavailable } from './common.js';
import { CHECKOUT_MODES } from './constants.js';
import { defineRoute, type Static, StringEnum, Type } from './schema.js';

export const CheckoutModeBody = Type.Object(
  { mode: StringEnum(CHECKOUT_MODES) },
  { additionalProperties: false },
);
export type CheckoutModeBody = Static<typeof CheckoutModeBody>;

export const CheckoutModeAnswer = Type.Object(
  { mode: StringEnum(CHECKOUT_MODES), meta: Meta },
  { description: 'The cart service’s checkout mode: the one checkouts started from now on run in' },
);
export type CheckoutModeAnswer = Static<typeof CheckoutModeAnswer>;

export const getCheckoutMode = defineRoute({
  method: 'GET',
  url: '/api/ops/checkout-mode',
  schema: {
    description:
      'The checkout mode, read live from the cart service: `orchestrated` (the BFF’s saga) or `choreographed` ' +
      '(events between the cart and the catalog).',
    tags: ['ops'],
    response: { 200: CheckoutModeAnswer, 502: errorResponse('UPSTREAM_INVALID_RESPONSE'), 503: Unavailable },
  },
});

export const setCheckoutMode = defineRoute({
  method: 'PUT',
  url: '/api/faults/checkout-mode',
  schema: {
    description:
      'Demo mode, loopback only, like the rest of the fault API: switches the cart service’s checkout mode. ' +
      'Body `{ mode }`; a checkout already started keeps the mode it started in.',
    tags: ['ops'],
    body: CheckoutModeBody,
    response: {
      200: CheckoutModeAnswer,
      400: errorResponse('INVALID_REQUEST: the body is not { mode: orchestrated | choreographed }'),
      403: errorResponse('LOOPBACK_ONLY: the caller (or a hop in x-forwarded-for) is not loopback'),
      502: errorResponse('UPSTREAM_INVALID_RESPONSE'),
      503: Unavailable,
    },
  },
});

export const checkoutModeRoutes = [getCheckoutMode, setCheckoutMode] as const;
