import { describe, expect, it, vi } from 'vitest';
import {
  ADD_TO_CART_EVENT,
  CART_CHANGED_EVENT,
  dispatchStorefrontEvent,
  onStorefrontEvent,
  parseEventDetail,
  SESSION_CHANGED_EVENT,
} from './events.js';

describe('browser events', () => {
  it('delivers details that fit and ignores the others', () => {
    const target = new EventTarget();
    const handler = vi.fn();
    const stop = onStorefrontEvent(CART_CHANGED_EVENT, handler, target);
    dispatchStorefrontEvent(CART_CHANGED_EVENT, { itemCount: 2, status: 'live' }, target);
    target.dispatchEvent(new CustomEvent(CART_CHANGED_EVENT, { detail: { itemCount: '2', status: 'live' } }));
    target.dispatchEvent(
      new CustomEvent(CART_CHANGED_EVENT, { detail: { itemCount: 1, status: 'on fire' } }),
    );
    stop();
    dispatchStorefrontEvent(CART_CHANGED_EVENT, { itemCount: 3, status: 'live' }, target);
    expect(handler.mock.calls).toEqual([[{ itemCount: 2, status: 'live' }]]);
  });

  it('reads an add with quantity 1 by default, and refuses ids that are not positive integers', () => {
    expect(parseEventDetail(ADD_TO_CART_EVENT, { productId: 12 })).toEqual({ productId: 12, quantity: 1 });
    expect(parseEventDetail(ADD_TO_CART_EVENT, { productId: 12, quantity: 2, name: 'Pan' })).toEqual({
      productId: 12,
      quantity: 2,
      name: 'Pan',
    });
    expect(parseEventDetail(ADD_TO_CART_EVENT, { productId: 'p-012' })).toBeNull();
    expect(parseEventDetail(ADD_TO_CART_EVENT, { productId: 1, quantity: 0 })).toBeNull();
  });

  it('needs a user when signed in and drops one when signed out', () => {
    const user = { id: 7, email: 'ada@example.com', name: 'Ada' };
    expect(parseEventDetail(SESSION_CHANGED_EVENT, { signedIn: true, user })).toEqual({
      signedIn: true,
      user,
    });
    expect(parseEventDetail(SESSION_CHANGED_EVENT, { signedIn: true, user: null })).toBeNull();
    expect(parseEventDetail(SESSION_CHANGED_EVENT, { signedIn: false, user })).toEqual({
      signedIn: false,
      user: null,
    });
  });
});
