import {
  dispatchStorefrontEvent,
  type ErrorCode,
  SESSION_CHANGED_EVENT,
  type User,
} from '@storefront/contract/browser';
import { type ApiResult, type DegradedInfo, retryDelayFor } from '@storefront/remote-kit';
import { useSyncExternalStore } from 'react';
import { getMe, postSignIn, postSignOut, postSignUp } from './api';

/** What the account remote knows about the session. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: User; degraded: DegradedInfo | null }
  | { status: 'signed-out'; degraded: DegradedInfo | null }
  | { status: 'unavailable'; message: string; nextRetryAt: number }
  | { status: 'error'; message: string };

/** The state plus whether a `/me` request is in flight. */
export type SessionSnapshot = SessionState & { isFetching: boolean };

/** Outcome of sign-in, sign-up or sign-out. */
export type SessionActionResult =
  | { ok: true; user: User | null }
  | { ok: false; unavailable: boolean; code: ErrorCode | null; message: string; retryAfterMs: number | null };

/** The session shared by AccountMenu, SignIn and AccountPage. */
export interface SessionStore {
  getSnapshot: () => SessionSnapshot;
  subscribe: (listener: () => void) => () => void;
  /** Asks `/api/account/me` again (concurrent calls share one request). */
  refresh: () => Promise<void>;
  signIn: (email: string, password: string) => Promise<SessionActionResult>;
  signUp: (email: string, password: string, name: string) => Promise<SessionActionResult>;
  signOut: () => Promise<SessionActionResult>;
  /** Replaces the known user's details (e.g. a new name after a profile save). */
  updateUser: (user: User) => void;
  /** Back to "not loaded" and no timers (tests). */
  reset: () => void;
}

/**
 * Creates a session store. The remote's three exposed modules live in one container and so share one module
 * instance: the header menu changes the moment the sign-in form succeeds. While the account service is
 * unavailable the store asks again by itself after `retryAfterMs` (only while someone is listening).
 */
export function createSessionStore(events: EventTarget = window): SessionStore {
  let snapshot: SessionSnapshot = { status: 'loading', isFetching: false };
  const listeners = new Set<() => void>();
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Bumped by every action and reset: a `/me` answer that started before it is stale and ignored.
  let generation = 0;

  const set = (next: SessionSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const schedule = (delay: number) => {
    clearTimeout(timer);
    timer = undefined;
    if (listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void refresh();
    }, delay);
  };

  const settle = (result: ApiResult<{ user: User | null }>) => {
    const delay = retryDelayFor(result);
    switch (result.status) {
      case 'live':
      case 'degraded': {
        const degraded = result.status === 'degraded' ? result.degraded : null;
        const { user } = result.data;
        set(
          user
            ? { status: 'signed-in', user, degraded, isFetching: false }
            : { status: 'signed-out', degraded, isFetching: false },
        );
        break;
      }
      case 'unavailable':
        set({
          status: 'unavailable',
          message: result.message,
          nextRetryAt: Date.now() + (delay ?? 0),
          isFetching: false,
        });
        break;
      default:
        set({ status: 'error', message: result.message, isFetching: false });
    }
    if (delay !== null) schedule(delay);
  };

  const refresh = (): Promise<void> => {
    if (inFlight) return inFlight;
    const started = generation;
    clearTimeout(timer);
    timer = undefined;
    set({ ...snapshot, isFetching: true });
    const request = getMe().then(
      (result) => {
        if (started !== generation) return;
        inFlight = null;
        settle(result);
      },
      (error: unknown) => {
        if (started !== generation) return;
        inFlight = null;
        set({
          status: 'error',
          message: error instanceof Error ? error.message : 'Unexpected error',
          isFetching: false,
        });
      },
    );
    inFlight = request;
    return request;
  };

  const announce = (user: User | null) =>
    dispatchStorefrontEvent(SESSION_CHANGED_EVENT, { signedIn: user !== null, user }, events);

  // Applies the answer of a write: the new session, or why it failed.
  const afterAction = (result: ApiResult<User | null>): SessionActionResult => {
    if (result.status === 'live' || result.status === 'degraded') {
      generation += 1;
      inFlight = null;
      clearTimeout(timer);
      timer = undefined;
      const user = result.data;
      set(
        user
          ? { status: 'signed-in', user, degraded: null, isFetching: false }
          : { status: 'signed-out', degraded: null, isFetching: false },
      );
      announce(user);
      return { ok: true, user };
    }
    if (result.status === 'unavailable') {
      return {
        ok: false,
        unavailable: true,
        code: 'UPSTREAM_UNAVAILABLE',
        message: result.message,
        retryAfterMs: result.retryAfterMs,
      };
    }
    return { ok: false, unavailable: false, code: result.code, message: result.message, retryAfterMs: null };
  };

  // A sign-in that met a down account service: show it everywhere and try `/me` again later.
  const markUnavailable = (result: SessionActionResult) => {
    if (result.ok || !result.unavailable) return;
    generation += 1;
    inFlight = null;
    settle({ status: 'unavailable', retryAfterMs: result.retryAfterMs ?? 0, message: result.message });
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (snapshot.status === 'loading' && !inFlight) void refresh();
      else if (snapshot.status === 'unavailable' && !inFlight && timer === undefined) {
        schedule(Math.max(0, snapshot.nextRetryAt - Date.now()));
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    refresh,
    async signIn(email, password) {
      const result = afterAction(await postSignIn(email, password));
      markUnavailable(result);
      return result;
    },
    async signUp(email, password, name) {
      const result = afterAction(await postSignUp(email, password, name));
      markUnavailable(result);
      return result;
    },
    async signOut() {
      const result = await postSignOut();
      return afterAction(
        result.status === 'live' || result.status === 'degraded' ? { status: 'live', data: null } : result,
      );
    },
    updateUser(user) {
      if (snapshot.status === 'signed-in') set({ ...snapshot, user });
    },
    reset() {
      generation += 1;
      inFlight = null;
      clearTimeout(timer);
      timer = undefined;
      snapshot = { status: 'loading', isFetching: false };
    },
  };
}

/** The one store of this remote container. */
export const sessionStore = createSessionStore();

/** The current session; loads it on first use. */
export function useSession(store: SessionStore = sessionStore): SessionSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
