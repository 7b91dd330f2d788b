import {
  CART_CHANGED_EVENT,
  type Cart,
  type CartStatus,
  dispatchStorefrontEvent,
} from '@storefront/contract/browser';
import { type ApiResult, retryDelayFor, type WriteResult } from '@storefront/remote-kit';

/** The shared cart as components see it. */
export type CartView = (ApiResult<Cart> | { status: 'loading' }) & {
  /** A request is in flight (first load, automatic retry or reload). */
  isFetching: boolean;
  /** When the automatic retry fires (epoch ms), for degraded and unavailable results. */
  nextRetryAt: number | null;
  /** Loads again now, cancelling any scheduled retry. */
  reload: () => void;
};

/** What other remotes are told about a result. */
function statusOf(result: ApiResult<Cart>): CartStatus {
  if (result.status === 'live') return 'live';
  if (result.status === 'degraded') return 'degraded';
  return 'unavailable';
}

/**
 * A cart shared by subscribers: loads on the first subscription, retries by itself after `retryAfterMs` while
 * degraded or unavailable, takes the carts that writes answer with, and tells other remotes every change.
 */
export class CartStore {
  private result: ApiResult<Cart> | null = null;
  private isFetching = false;
  private nextRetryAt: number | null = null;
  private controller: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();
  private view: CartView;

  /** `load` fetches the cart; it must reject only when its signal aborts. */
  constructor(private readonly load: (signal: AbortSignal) => Promise<ApiResult<Cart>>) {
    this.view = this.makeView();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    // The first subscriber (again) gets a fresh cart; retries were stopped while nobody showed it.
    if (this.listeners.size === 1 && !this.isFetching) this.reload();
    return () => {
      this.listeners.delete(listener);
      // Nobody shows the cart any more: stop retrying in the background.
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): CartView => this.view;

  /** Loads the cart now, cancelling a load in flight and any scheduled retry. */
  readonly reload = (): void => {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.isFetching = true;
    this.notify();
    this.load(controller.signal).then(
      (result) => {
        if (this.controller === controller) this.settle(result);
      },
      () => {
        // Aborted: a newer load or a write took over.
      },
    );
  };

  /** Takes the cart a write answered with; a write the cart service could not take reloads the state. */
  applyWrite(result: WriteResult<Cart>): void {
    if (result.ok) {
      this.stop();
      this.settle({ status: 'live', data: result.data });
    } else if (result.kind !== 'rejected') {
      this.reload();
    }
  }

  /** Forgets everything (tests). */
  reset(): void {
    this.stop();
    this.result = null;
    this.listeners.clear();
    this.notify();
  }

  private settle(result: ApiResult<Cart>): void {
    this.controller = null;
    this.result = result;
    this.isFetching = false;
    const delay = retryDelayFor(result);
    this.nextRetryAt = delay === null ? null : Date.now() + delay;
    if (delay !== null && this.listeners.size > 0) this.timer = setTimeout(this.reload, delay);
    this.notify();
    const itemCount = result.status === 'live' || result.status === 'degraded' ? result.data.itemCount : 0;
    dispatchStorefrontEvent(CART_CHANGED_EVENT, { itemCount, status: statusOf(result) });
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = null;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.isFetching) this.isFetching = false;
  }

  private makeView(): CartView {
    const controls = { isFetching: this.isFetching, nextRetryAt: this.nextRetryAt, reload: this.reload };
    return this.result ? { ...this.result, ...controls } : { status: 'loading', ...controls };
  }

  private notify(): void {
    this.view = this.makeView();
    for (const listener of this.listeners) listener();
  }
}
