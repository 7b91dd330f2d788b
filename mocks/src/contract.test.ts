// The proof that the mocks answer what the BFF answers: every handler of every set, in every scenario and with
// the options the sets take, is reached by a request and each answer is held to `@storefront/contract`.
import { answerProblems } from '@storefront/contract';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from './account/fixtures';
import { accountUnavailableResponse, createAccountHandlers } from './account/handlers';
import { AccountMockStore, accountMockStore } from './account/store';
import { errorResponse } from './answers';
import { cartUnavailableResponse, createCartHandlers, resetCartMocks } from './cart/handlers';
import { createCartState } from './cart/state';
import { catalogProducts } from './catalog/fixtures';
import { catalogUnavailableResponse, createCatalogHandlers } from './catalog/handlers';
import { exercise, onePerRoute, routeProblems, type Step } from './contract-check/exercise';
import {
  accountAnswers,
  cartAnswers,
  catalogAnswers,
  opsAnswers,
  opsAnswersWithoutSupervisor,
  sorted,
} from './contract-check/expected-answers';
import { accountPlan, cartPlan, catalogPlan, opsPlan, type Session } from './contract-check/plans';
import { createOpsHandlers, resetOpsMocks, supervisorUnavailableResponse } from './ops/handlers';
import { scenarioNames } from './scenario-name';
import { handlersFor } from './scenarios';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  accountMockStore.reset();
  resetCartMocks();
  resetOpsMocks();
});
afterAll(() => server.close());

/** A shopper id the cart handlers under test read (they follow no account store of their own). */
function cartSession(): Session & { currentUserId: () => number | null } {
  let shopper: number | null = null;
  return {
    currentUserId: () => shopper,
    signIn: () => {
      shopper = demoUser.id;
    },
    signOut: () => {
      shopper = null;
    },
  };
}

function storeSession(store: AccountMockStore): Session {
  return { signIn: () => store.signInAs(demoUser.email), signOut: () => store.signOut() };
}

describe.each(scenarioNames)('every mocked answer fits the contract, scenario %s', (scenario) => {
  it('catalog: each handler answers, on each path, what the contract lists', async () => {
    const result = await exercise(server, createCatalogHandlers(scenario), catalogPlan());
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(catalogAnswers[scenario]);
  });

  it('cart (and /api/orders): each handler answers, on each path, what the contract lists', async () => {
    const session = cartSession();
    const handlers = createCartHandlers(scenario, { currentUserId: session.currentUserId });
    const result = await exercise(server, handlers, cartPlan(session));
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(cartAnswers[scenario]);
  });

  it('account: each handler answers, on each path, what the contract lists', async () => {
    const store = new AccountMockStore();
    const handlers = createAccountHandlers(scenario, { store });
    const result = await exercise(server, handlers, accountPlan(storeSession(store)));
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(accountAnswers[scenario]);
  });

  it('ops (resilience, stream, processes): each handler answers, on each path, what the contract lists', async () => {
    const result = await exercise(server, createOpsHandlers(scenario), opsPlan());
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(opsAnswers[scenario]);
  });

  it('all sets together (handlersFor), as standalone pages and component tests serve them', async () => {
    const handlers = handlersFor(scenario);
    expect(routeProblems(handlers)).toEqual([]);
    const routes = handlers.map((handler) => handler.info.header);
    expect(new Set(routes).size, 'one handler per route').toBe(routes.length);
    const session = storeSession(accountMockStore);
    const steps = [...catalogPlan(), ...cartPlan(session), ...accountPlan(session), ...opsPlan()];
    const result = await exercise(server, handlers, steps);
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(
      sorted(catalogAnswers[scenario], cartAnswers[scenario], accountAnswers[scenario], opsAnswers[scenario]),
    );
  });
});

describe('every mocked answer fits the contract, with the options the sets take', () => {
  const savedCopy = { reason: 'timeout', savedAt: '2025-01-01T00:00:00.000Z', retryAfterMs: 50 } as const;
  type Case = [name: string, build: () => { handlers: HttpHandler[]; steps: Step[] }];
  const cases: Case[] = scenarioNames.flatMap((scenario): Case[] => [
    [
      `catalog ${scenario}: reason, savedAt, retryAfterMs, other products and categories`,
      () => ({
        handlers: createCatalogHandlers(scenario, {
          ...savedCopy,
          products: catalogProducts.slice(0, 3),
          categories: [],
        }),
        steps: catalogPlan(),
      }),
    ],
    [
      `catalog ${scenario}: once`,
      () => ({
        handlers: createCatalogHandlers(scenario, { once: true }),
        steps: onePerRoute(catalogPlan()),
      }),
    ],
    [
      `cart ${scenario}: reason, savedAt, retryAfterMs, initial lines, no seeded orders`,
      () => {
        const session = cartSession();
        const state = createCartState({
          initialLines: [{ productId: 4, quantity: 2 }],
          initialOrders: [],
          currentUserId: session.currentUserId,
        });
        return { handlers: createCartHandlers(scenario, { ...savedCopy, state }), steps: cartPlan(session) };
      },
    ],
    [
      `cart ${scenario}: once, an empty cart`,
      () => {
        const session = cartSession();
        const handlers = createCartHandlers(scenario, {
          once: true,
          initialLines: [],
          currentUserId: session.currentUserId,
        });
        return { handlers, steps: onePerRoute(cartPlan(session)) };
      },
    ],
    [
      `account ${scenario}: reason, savedAt, retryAfterMs, once`,
      () => {
        const store = new AccountMockStore();
        const handlers = createAccountHandlers(scenario, { ...savedCopy, once: true, store });
        return { handlers, steps: onePerRoute(accountPlan(storeSession(store))) };
      },
    ],
    [
      `ops ${scenario}: once, retryAfterMs, given processes`,
      () => ({
        handlers: createOpsHandlers(scenario, { once: true, retryAfterMs: 50, processes: [] }),
        steps: onePerRoute(opsPlan()),
      }),
    ],
  ]);

  it.each(cases)('%s', async (_name, build) => {
    const { handlers, steps } = build();
    const result = await exercise(server, handlers, steps);
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
  });

  it.each(['confirmed', 'rejected'] as const)(
    'cart normal, choreographed: checkout answers 202 (pending), the orders read %s',
    async (outcome) => {
      const session = cartSession();
      const handlers = createCartHandlers('normal', {
        choreography: { outcome, settleAfterMs: 0 },
        currentUserId: session.currentUserId,
      });
      const result = await exercise(server, handlers, cartPlan(session));
      expect(result.problems).toEqual([]);
      expect(result.unused).toEqual([]);
      const orchestrated = cartAnswers.normal.filter((answer) => answer !== 'POST /api/checkout 201');
      expect(result.answered).toEqual(sorted(orchestrated, ['POST /api/checkout 202']));
    },
  );

  it('ops without a supervisor: the process routes answer 503 SUPERVISOR_UNAVAILABLE', async () => {
    const result = await exercise(server, createOpsHandlers('normal', { supervisor: false }), opsPlan());
    expect(result.problems).toEqual([]);
    expect(result.unused).toEqual([]);
    expect(result.answered).toEqual(opsAnswersWithoutSupervisor);
  });

  it('the ready-made answers the remotes’ tests send by themselves', async () => {
    const answers: Array<[string, string, Response]> = [
      ['GET', '/api/catalog/categories', catalogUnavailableResponse()],
      ['GET', '/api/cart', cartUnavailableResponse(1000)],
      ['GET', '/api/account/status', accountUnavailableResponse(60_000)],
      ['POST', '/api/checkout', errorResponse(409, 'INSUFFICIENT_STOCK', 'short', { lines: [] })],
      ['GET', '/api/ops/processes', supervisorUnavailableResponse()],
    ];
    for (const [method, path, response] of answers) {
      expect(answerProblems(method, path, response.status, await response.json())).toEqual([]);
    }
  });
});

describe('the check itself', () => {
  it('reports a wrong answer, a route the contract does not list and a handler no request reached', async () => {
    const handlers = [
      http.get('*/api/cart', () => HttpResponse.json({ cart: { lines: [] }, meta: { requestId: 'r' } })),
      http.get('*/api/cart/summary', () => HttpResponse.json({ itemCount: 0 })),
      http.get('*/api/orders', () => HttpResponse.json({ orders: [] }, { status: 418 })),
    ];
    expect(routeProblems(handlers)).toEqual(['GET */api/cart/summary is not a route of the contract']);
    const result = await exercise(server, handlers, [
      { method: 'GET', path: '/api/cart' },
      { method: 'GET', path: '/api/cart/summary' },
    ]);
    expect(result.problems).toEqual([
      'GET /api/cart → 200: /cart must have required properties itemCount, subtotalCents, currency',
      'GET /api/cart → 200: /meta must have required properties degraded',
      'GET /api/cart/summary → 200: GET /api/cart/summary is not a route of the contract',
    ]);
    expect(result.unused).toEqual(['GET */api/orders']);
    await expect(exercise(server, handlers, [])).rejects.toThrow('already answered');
  });

  it('holds each event of an event stream to the contract, and a stream without events fails', async () => {
    const stream = (text: string) =>
      http.get(
        '*/api/ops/stream',
        () => new HttpResponse(text, { headers: { 'Content-Type': 'text/event-stream' } }),
      );
    const bad = await exercise(
      server,
      [stream('retry: 10\n\nevent: snapshot\ndata: {"at":"x"}\n\nevent: odd\ndata: 1\n\n')],
      [{ method: 'GET', path: '/api/ops/stream' }],
    );
    expect(bad.problems).toContain('GET /api/ops/stream → 200: event odd is not an event of the contract');
    expect(
      bad.problems.some((problem) => problem.includes('event snapshot: / must have required properties')),
    ).toBe(true);
    const empty = await exercise(
      server,
      [stream('retry: 10\n\n')],
      [{ method: 'GET', path: '/api/ops/stream' }],
    );
    expect(empty.problems).toEqual(['GET /api/ops/stream → 200: the stream sent no event']);
  });
});
