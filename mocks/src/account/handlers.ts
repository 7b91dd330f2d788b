import type {
  AccountStatusAnswer,
  accountStatus,
  getMe,
  getProfile,
  MeAnswer,
  ProfileAnswer,
  SignedInAnswer,
  SignedOutAnswer,
  signIn,
  signOut,
  signUp,
  updateProfile,
} from '@storefront/contract';
import { type DefaultBodyType, type HttpHandler, HttpResponse, http, type PathParams } from 'msw';
import {
  type BodiesOf,
  dataMeta,
  degradedMeta,
  errorResponse,
  ownMeta,
  type ScenarioOptions,
  unavailableResponse,
} from '../answers';
import type { ScenarioName } from '../scenario-name';
import { type AccountMockStore, accountMockStore } from './store';
import { validateProfile, validateSignIn, validateSignUp } from './validate';

/** Knobs for one set of account handlers. */
export interface AccountHandlerOptions extends ScenarioOptions {
  /** The state to serve (default: the shared {@link accountMockStore}). */
  store?: AccountMockStore;
}

const SERVICE = 'account';

/** The 503 the BFF sends when the account service is down and it has nothing saved (or the call is a write). */
export function accountUnavailableResponse(retryAfterMs?: number) {
  return unavailableResponse(SERVICE, retryAfterMs);
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

/**
 * Builds the account handlers for one scenario (`/api/orders` is the cart set's: the BFF asks the cart service).
 * `normal` answers live from the store; `degraded` answers reads from the store as saved copies (header +
 * `meta.degraded`) and writes with 503 (a write cannot be served from a saved copy); `unavailable` answers 503 +
 * `Retry-After` to everything but sign-out, which the BFF always answers (it clears the cookie).
 */
export function createAccountHandlers(
  scenario: ScenarioName,
  options: AccountHandlerOptions = {},
): HttpHandler[] {
  const store = options.store ?? accountMockStore;
  const handlerOptions = { once: options.once ?? false };
  const degraded = scenario === 'degraded' ? degradedMeta(SERVICE, options) : null;
  const unavailable = () => accountUnavailableResponse(options.retryAfterMs);
  // Reads are served from saved copies while degraded; writes go through only when the service is up.
  const readsDown = scenario === 'unavailable';
  const writesDown = scenario !== 'normal';

  return [
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getMe>>(
      '*/api/account/me',
      () => {
        if (readsDown) return unavailable();
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<MeAnswer>({ user: store.currentUser(), meta }, init);
      },
      handlerOptions,
    ),
    // Live-only, like the BFF: a degraded account service cannot sign anybody in.
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof accountStatus>>(
      '*/api/account/status',
      () => {
        if (writesDown) return unavailable();
        const { meta, init } = ownMeta();
        return HttpResponse.json<AccountStatusAnswer>({ available: true, meta }, init);
      },
      handlerOptions,
    ),
    http.post<PathParams, DefaultBodyType, BodiesOf<typeof signUp>>(
      '*/api/account/signup',
      async ({ request }) => {
        if (writesDown) return unavailable();
        const body = validateSignUp(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_REQUEST', body.message);
        const user = store.signUp(body.value.email, body.value.password, body.value.name);
        if (!user) return errorResponse(409, 'EMAIL_TAKEN', 'an account with this e-mail already exists');
        const { meta, init } = ownMeta();
        return HttpResponse.json<SignedInAnswer>({ user, meta }, { ...init, status: 201 });
      },
      handlerOptions,
    ),
    http.post<PathParams, DefaultBodyType, BodiesOf<typeof signIn>>(
      '*/api/account/signin',
      async ({ request }) => {
        if (writesDown) return unavailable();
        const body = validateSignIn(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_REQUEST', body.message);
        const user = store.signIn(body.value.email, body.value.password);
        if (!user) return errorResponse(401, 'INVALID_CREDENTIALS', 'e-mail or password is wrong');
        const { meta, init } = ownMeta();
        return HttpResponse.json<SignedInAnswer>({ user, meta }, init);
      },
      handlerOptions,
    ),
    http.post<PathParams, DefaultBodyType, BodiesOf<typeof signOut>>(
      '*/api/account/signout',
      () => {
        store.signOut();
        const { meta, init } = ownMeta();
        return HttpResponse.json<SignedOutAnswer>({ user: null, meta }, init);
      },
      handlerOptions,
    ),
    http.get<PathParams, DefaultBodyType, BodiesOf<typeof getProfile>>(
      '*/api/account/profile',
      () => {
        if (readsDown) return unavailable();
        const profile = store.profile();
        if (!profile) return errorResponse(401, 'AUTH_REQUIRED', 'sign in to see your profile');
        const { meta, init } = dataMeta(degraded);
        return HttpResponse.json<ProfileAnswer>({ profile, meta }, init);
      },
      handlerOptions,
    ),
    http.put<PathParams, DefaultBodyType, BodiesOf<typeof updateProfile>>(
      '*/api/account/profile',
      async ({ request }) => {
        if (writesDown) return unavailable();
        if (!store.currentUser())
          return errorResponse(401, 'AUTH_REQUIRED', 'sign in to change your profile');
        const body = validateProfile(await jsonBody(request));
        if (!body.ok) return errorResponse(400, 'INVALID_REQUEST', body.message);
        const profile = store.updateProfile(body.value.name, body.value.shippingAddress);
        if (!profile) return errorResponse(401, 'AUTH_REQUIRED', 'sign in to change your profile');
        const { meta, init } = dataMeta(null);
        return HttpResponse.json<ProfileAnswer>({ profile, meta }, init);
      },
      handlerOptions,
    ),
  ];
}

/** Ready-made account handler sets, one per scenario, sharing {@link accountMockStore}. */
export const accountHandlers: Record<ScenarioName, HttpHandler[]> = {
  normal: createAccountHandlers('normal'),
  degraded: createAccountHandlers('degraded'),
  unavailable: createAccountHandlers('unavailable'),
};
