import { createCartState, demoUser } from '@storefront/mocks';
import { describe, expect, it } from 'vitest';
import { parseCart, parseOrder, parseUser } from './parse';

describe('parseCart', () => {
  it('reads a cart of the contract as it is', () => {
    const cart = createCartState().cart();
    expect(parseCart(cart)).toEqual(cart);
  });

  it('drops lines without an integer product id and computes what is missing', () => {
    const line = { productId: 4, name: 'Board', unitPriceCents: 2400, quantity: 2 };
    expect(parseCart({ lines: [line, { ...line, productId: 'p-004' }] })).toEqual({
      lines: [
        {
          ...line,
          slug: '4',
          imageUrl: null,
          currency: 'USD',
          lineTotalCents: 4800,
        },
      ],
      itemCount: 2,
      subtotalCents: 4800,
      currency: 'USD',
    });
    expect(parseCart({ items: [] })).toBeNull();
  });
});

describe('parseOrder and parseUser', () => {
  it('read what the cart shows, and only with integer ids', () => {
    const placed = { id: 1003, itemCount: 3, totalCents: 12_900, currency: 'USD', lines: [] };
    expect(parseOrder(placed)).toEqual({
      id: 1003,
      itemCount: 3,
      totalCents: 12_900,
      currency: 'USD',
      status: 'placed',
      rejection: null,
    });
    expect(parseOrder({ ...placed, id: 'ord-1003' })).toBeNull();
    const user = { id: demoUser.id, email: demoUser.email, name: demoUser.name };
    expect(parseUser(user)).toEqual(user);
    expect(parseUser(null)).toBeNull();
    expect(parseUser({ ...user, id: 'u-1' })).toBeUndefined();
  });
});

describe('parseOrder, choreographed', () => {
  it('reads the status and the rejection, and a status it does not know as pending', () => {
    const order = { id: 1003, itemCount: 3, totalCents: 12_900, currency: 'USD', lines: [] };
    const rejection = { code: 'INSUFFICIENT_STOCK', message: 'Not enough stock' };
    expect(parseOrder({ ...order, status: 'rejected', rejection })).toMatchObject({
      status: 'rejected',
      rejection,
    });
    expect(parseOrder({ ...order, status: 'confirmed', rejection: null })).toMatchObject({
      status: 'confirmed',
      rejection: null,
    });
    expect(parseOrder({ ...order, status: 'rejected', rejection: { code: 7 } })?.rejection).toBeNull();
    expect(parseOrder({ ...order, status: 'on-hold' })?.status).toBe('pending');
    expect(parseOrder({ ...order, status: 'toString' })?.status).toBe('pending');
  });
});
