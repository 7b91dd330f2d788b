import { accountMockStore, demoUser, seedOrders } from '@storefront/mocks';
import { describe, expect, it } from 'vitest';
import { parseOrders, parseProfile } from './parse';

describe('parseOrders', () => {
  it('reads orders of the contract newest first', () => {
    const orders = seedOrders.map((owned) => owned.order);
    expect(parseOrders(orders)).toEqual(
      [orders[1], orders[0]].map((order) => ({ ...order, rejection: null })),
    );
  });

  it('reads pending, confirmed and rejected orders, and a status it does not know as pending', () => {
    const order = { id: 7, createdAt: '2025-01-01T10:00:00.000Z', lines: [] };
    const rejection = { code: 'INSUFFICIENT_STOCK', message: 'Not enough stock' };
    const updatedAt = '2025-01-01T10:00:03.000Z';
    expect(parseOrders([{ ...order, status: 'rejected', rejection, updatedAt }])?.[0]).toMatchObject({
      status: 'rejected',
      rejection,
      updatedAt,
    });
    expect(parseOrders([{ ...order, status: 'confirmed', rejection: null }])?.[0]?.status).toBe('confirmed');
    expect(parseOrders([{ ...order, status: 'rejected', rejection: 'short' }])?.[0]?.rejection).toBeNull();
    expect(parseOrders([{ ...order, status: 'archived' }])?.[0]?.status).toBe('pending');
  });

  it('drops orders and lines without integer ids and computes missing totals', () => {
    const line = { productId: 1, name: 'Mug', unitPriceCents: 900, quantity: 2 };
    const order = {
      id: 7,
      createdAt: '2025-01-01T10:00:00.000Z',
      lines: [line, { ...line, productId: 'p-1' }],
    };
    expect(parseOrders([order, { ...order, id: 'ord-7' }])).toEqual([
      {
        id: 7,
        checkoutId: '',
        status: 'placed',
        rejection: null,
        lines: [{ ...line, currency: 'USD', lineTotalCents: 1800 }],
        itemCount: 2,
        totalCents: 1800,
        currency: 'USD',
        shippingAddress: null,
        createdAt: '2025-01-01T10:00:00.000Z',
      },
    ]);
    expect(parseOrders({ orders: [] })).toBeNull();
  });
});

describe('parseProfile', () => {
  it('reads a profile of the contract, and none without an integer user id', () => {
    accountMockStore.signInAs(demoUser.email);
    const profile = accountMockStore.profile();
    expect(parseProfile(profile)).toEqual(profile);
    expect(parseProfile({ ...profile, userId: 'u-1' })).toBeNull();
    expect(parseProfile({ ...profile, shippingAddress: { line1: '1 Road' } })).toMatchObject({
      shippingAddress: null,
    });
  });
});
