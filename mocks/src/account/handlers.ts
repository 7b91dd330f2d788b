import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  type DegradedMeta,
  type DegradedReason,
  nextRequestId,
  type ResponseMeta,
  retryAfterSeconds,
  upstreamUnavailableBody,
} from '../contract';
import type { ScenarioName } from '../scenario-name';
import { type AccountMockStore, accountMockStore } from './store';
import { validateProfile, validateSignIn, validateSignUp } from './validate';

/** Knobs for one set of account handlers; tests use small `retryAfterMs` values. */
export interface AccountHandlerOptions {
  /** `meta.degraded.retryAfterMs` (degraded, default 5000) or the 503's `retryAfterMs` (default 4200). */
  retryAfterMs?: number;
  /** Why reads are degraded (default `circuit-open`). */
  reason?: DegradedReason;
  /** When the saved copies were taken (default: two minutes before the handlers were made). */
  savedAt?: string;
  /** The state to serve (default: the shared {@link accountMockStore}). */
  store?: AccountMockStore;
  /** Each handler answers only its first matching request (msw `once`), then falls through. */
  once?: boolean;
}

// `/api/account/*` is the account service's; `/api/orders` comes from the cart service.
type Service = 'account' | 'cart';

/** The `meta.degraded` of a degraded answer from `service`. */
export function accountDegradedMeta(service: Service, options: AccountHandlerOptions = {}): DegradedMeta {
  return {
    service,
    reason: options.reason ?? 'circuit-open',
    savedAt: options.savedAt ?? new Date(Date.now() - 120_000).toISOString(),
    retryAfterMs: options.retryAfterMs ?? 5000,
  };
}

/** The 503 the BFF sends when `service` is down and it has nothing saved (or the call is a write). */
export function accountUnavailableResponse(
  service: Service = 'account',
  retryAfterMs = 4200,
  requestId = nextRequestId(),
) {
  return HttpResponse.json(
    { ...upstreamUnavailableBody(service, retryAfterMs), meta: { requestId } },
    {
      status: 503,
      headers: { 'Retry-After': retryAfterSeconds(retryAfterMs), 'x-request-id': requestId },
    },
  );
}

function errorResponse(status: number, code: string, message: string) {
  const requestId = nextRequestId();
  return HttpResponse.json(
    { error: { code, message }, meta: { requestId } },
    { status, headers: { 'x-request-id': requestId } },
  );
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/**
 * Builds the account and order handlers for one scenario. `normal` answers live from the store; `degraded`
 * answers reads from the store as saved copies (header + `meta.degraded`) and writes with 503 (a write cannot
 * be served from a saved copy); `unavailable` answers 503 + `Retry-After` to everything.
 */
export function createAccountHandlers(
  scenario: ScenarioName,
  options: AccountHandlerOptions = {},
): HttpHandler[] {
  const store = options.store ?? accountMockStore;
  const handlerOptions = { once: options.once ?? false };
  const retryAfterMs = options.retryAfterMs;

  const read = (service: Service, body: Record<string, unknown>) => {
    const requestId = nextRequestId();
    if (scenario === 'unavailable') return accountUnavailableResponse(service, retryAfterMs, requestId);
    const degraded = scenario === 'degraded' ? accountDegradedMeta(service, options) : null;
    const meta: ResponseMeta = { requestId, degraded };
    const headers: Record<string, string> = { 'x-request-id': requestId };
    if (degraded) headers['Storefront-Degraded'] = `${service}; reason=${degraded.reason}`;
    return HttpResponse.json({ ...body, meta }, { headers });
  };

  const write = (body: Record<string, unknown>, status = 200) => {
    const requestId = nextRequestId();
    const meta: ResponseMeta = { requestId, degraded: null };
    return HttpResponse.json({ ...body, meta }, { status, headers: { 'x-request-id': requestId } });
  };

  // Writes go through only when the account service is up.
  const down = scenario !== 'normal';

  return [
    http.get('*/api/account/me', () => read('account', { user: store.currentUser() }), handlerOptions),
    // Live-only, like the BFF: a degraded account service cannot sign anybody in.
    http.get(
      '*/api/account/status',
      () => (down ? accountUnavailableResponse('account', retryAfterMs) : write({ available: true })),
      handlerOptions,
    ),
    http.post(
      '*/api/account/signup',
      async ({ request }) => {
        if (down) return accountUnavailableResponse('account', retryAfterMs);
        const body = validateSignUp(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_BODY', body.message);
        const user = store.signUp(body.value.email, body.value.password, body.value.name);
        if (!user) return errorResponse(409, 'EMAIL_TAKEN', 'an account with this e-mail already exists');
        return write({ user }, 201);
      },
      handlerOptions,
    ),
    http.post(
      '*/api/account/signin',
      async ({ request }) => {
        if (down) return accountUnavailableResponse('account', retryAfterMs);
        const body = validateSignIn(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_BODY', body.message);
        const user = store.signIn(body.value.email, body.value.password);
        if (!user) return errorResponse(401, 'INVALID_CREDENTIALS', 'e-mail or password is wrong');
        return write({ user });
      },
      handlerOptions,
    ),
    http.post(
      '*/api/account/signout',
      () => {
        if (down) return accountUnavailableResponse('account', retryAfterMs);
        store.signOut();
        return write({ user: null });
      },
      handlerOptions,
    ),
    http.get(
      '*/api/account/profile',
      () => {
        const profile = store.profile();
        if (!profile && scenario !== 'unavailable') {
          return errorResponse(401, 'AUTH_REQUIRED', 'sign in to see your profile');
        }
        return read('account', { profile });
      },
      handlerOptions,
    ),
    http.put(
      '*/api/account/profile',
      async ({ request }) => {
        if (down) return accountUnavailableResponse('account', retryAfterMs);
        if (!store.currentUser())
          return errorResponse(401, 'AUTH_REQUIRED', 'sign in to change your profile');
        const body = validateProfile(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_BODY', body.message);
        return write({ profile: store.updateProfile(body.value.name, body.value.shippingAddress) });
      },
      handlerOptions,
    ),
    http.get(
      '*/api/orders',
      () => {
        const orders = store.ordersOfCurrentUser();
        if (!orders && scenario !== 'unavailable') {
          return errorResponse(401, 'AUTH_REQUIRED', 'sign in to see your orders');
        }
        return read('cart', { orders: orders ?? [] });
      },
      handlerOptions,
    ),
    http.get(
      '*/api/orders/:id',
      ({ params }) => {
        const orders = store.ordersOfCurrentUser();
        if (!orders && scenario !== 'unavailable') {
          return errorResponse(401, 'AUTH_REQUIRED', 'sign in to see your orders');
        }
        const order = orders?.find((candidate) => candidate.id === String(params.id));
        if (!order && scenario !== 'unavailable') {
          return errorResponse(404, 'ORDER_NOT_FOUND', `order "${String(params.id)}" does not exist`);
        }
        return read('cart', { order });
      },
      handlerOptions,
    ),
  ];
}

/** Ready-made account and order handler sets, one per scenario, sharing {@link accountMockStore}. */
export const accountHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createAccountHandlers('normal'),
  degraded: createAccountHandlers('degraded'),
  unavailable: createAccountHandlers('unavailable'),
};
