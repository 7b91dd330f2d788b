// `/api/orders*`: the BFF asks the cart service for them, so the cart set answers them from its own state (the
// orders it placed and the seeded ones), for whoever is signed in.
import type { getOrder, listOrders } from '@storefront/contract';
import type { Degraded, OrderAnswer, OrdersAnswer } from '@storefront/contract/browser';
import { type DefaultBodyType, type HttpHandler, HttpResponse, http, type PathParams } from 'msw';
import { type BodiesOf, dataMeta, errorResponse } from '../answers';
import type { ScenarioName } from '../scenario-name';
import type { CartState } from './state';

/** What the order routes share with the cart routes of one handler set. */
export interface OrderHandlerContext {
  state: CartState;
  degraded: Degraded | null;
  unavailable: () => Response;
  handlerOptions: { once: boolean };
}

// The BFF's check of `:id`, answered 400 before the cart service is asked.
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The order routes: 401 when signed out (the BFF checks the session first, so an unavailable scenario answers
 * 503 instead), the user's orders newest first, 404 for an order that is not theirs.
 */
export function createOrderHandlers(scenario: ScenarioName, context: OrderHandlerContext): HttpHandler[] {
  const { state, degraded, unavailable, handlerOptions } = context;
  const down = scenario === 'unavailable';
  const signedOut = () => errorResponse(401, 'AUTH_REQUIRED', 'sign in to see your orders');

  return [
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof listOrders>>(
      '*/api/orders',
      () => {
        if (down) return unavailable();
        const orders = state.orders();
        if (!orders) return signedOut();
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<OrdersAnswer>({ orders, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getOrder>>(
      '*/api/orders/:id',
      ({ params }) => {
        const id = String(params.id);
        if (!ORDER_ID.test(id)) {
          return errorResponse(400, 'INVALID_REQUEST', 'id must be an order id', { param: 'id' });
        }
        if (down) return unavailable();
        const orders = state.orders();
        if (!orders) return signedOut();
        const order = orders.find((candidate) => String(candidate.id) === id);
        if (!order) return errorResponse(404, 'ORDER_NOT_FOUND', `order "${id}" does not exist`);
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<OrderAnswer>({ order, meta }, init);
      },
      handlerOptions,
    ),
  ];
}
