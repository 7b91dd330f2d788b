import { describe, expect, it } from 'vitest';
import { stubUpstream } from '../test-support/stub-upstream.js';
import { toBrowserCart, toBrowserOrder } from './cart-answers.js';
import { CartClient } from './cart-client.js';

const serviceOrder = {
  id: 7,
  userId: 3,
  checkoutId: 'c-7',
  status: 'placed',
  rejection: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  lines: [
    { productId: 1, name: 'Lamp', unitPriceCents: 1000, currency: 'EUR', quantity: 2, lineTotalCents: 2000 },
  ],
  itemCount: 2,
  totalCents: 2000,
  currency: 'EUR',
  shippingAddress: { line1: '1 Main St', line2: null, city: 'Lyon', postalCode: '69001', country: 'FR' },
  createdAt: '2026-01-01T00:00:00.000Z',
};

const user = { userId: 3, user: { id: 3, email: 'a@example.com', name: 'A' } };

describe('cart answers', () => {
  it('map a service cart: image → imageUrl, totals filled in, version kept inside', () => {
    const cart = toBrowserCart({
      lines: [
        {
          productId: 1,
          name: 'Lamp',
          slug: 'lamp',
          image: '/images/lamp.svg',
          unitPriceCents: 500,
          quantity: 3,
        },
      ],
      version: 4,
    });
    expect(cart).toEqual({
      lines: [
        {
          productId: 1,
          name: 'Lamp',
          slug: 'lamp',
          imageUrl: '/api/catalog/images/lamp.svg',
          unitPriceCents: 500,
          currency: 'EUR',
          quantity: 3,
          lineTotalCents: 1500,
        },
      ],
      itemCount: 3,
      subtotalCents: 1500,
      currency: 'EUR',
    });
  });

  it('map an order to the documented fields (the service’s userId stays inside)', () => {
    const { userId: _userId, ...documented } = serviceOrder;
    expect(toBrowserOrder(serviceOrder)).toEqual(documented);
    expect(toBrowserOrder({ ...serviceOrder, shippingAddress: null }).shippingAddress).toBeNull();
  });

  it.each([
    [
      'a line without its total',
      { ...serviceOrder, lines: [{ ...serviceOrder.lines[0], lineTotalCents: undefined }] },
    ],
    ['a text id', { ...serviceOrder, id: '7' }],
    ['an unknown status', { ...serviceOrder, status: 'shipped' }],
    ['a rejection without its message', { ...serviceOrder, status: 'rejected', rejection: { code: 'X' } }],
    [
      'an address without a city',
      { ...serviceOrder, shippingAddress: { line1: 'x', postalCode: '1', country: 'FR' } },
    ],
  ])('refuse an order with %s (502)', (_what, raw) => {
    expect(() => toBrowserOrder(raw)).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_RESPONSE' }));
  });
});

describe('CartClient', () => {
  it('speaks for the caller with the trusted identity headers only', async () => {
    const { upstream, calls } = stubUpstream('cart', () => ({ status: 200, json: { cart: { lines: [] } } }));
    const cart = new CartClient(upstream);
    await cart.getCart({ anonymousCartId: 'A'.repeat(22) }, 'r');
    await cart.setLine(user, 5, 2, 'r');
    expect(calls[0]?.headers).toMatchObject({ 'x-anonymous-cart': 'A'.repeat(22) });
    expect(calls[0]?.headers['x-user-id']).toBeUndefined();
    expect(calls[1]).toMatchObject({
      method: 'PUT',
      url: 'http://service.test/cart/lines/5',
      headers: { 'x-user-id': '3' },
      body: { quantity: 2, mode: 'set' },
    });
  });

  it('tells a created order from a refused one, and an unknown lookup from a 404', async () => {
    const answers = [
      { status: 201, json: { order: serviceOrder } },
      { status: 409, json: { error: { code: 'CART_CHANGED', message: 'changed', cartVersion: 5 } } },
      { status: 404, json: { error: { code: 'ORDER_NOT_FOUND', message: 'none' } } },
      { status: 200, json: { order: { id: 'broken' } } },
    ];
    const { upstream } = stubUpstream('cart', () => answers.shift() ?? { status: 500, json: {} });
    const cart = new CartClient(upstream);
    const order = { checkoutId: 'c-7', lines: [], shippingAddress: null, expectedCartVersion: 4 };
    expect(await cart.createOrder(3, order, 'r')).toMatchObject({ kind: 'created', order: { id: 7 } });
    const refused = await cart.createOrder(3, order, 'r');
    expect(refused.kind === 'rejected' ? refused.error.toBody('r').error : null).toEqual({
      code: 'CART_CHANGED',
      message: 'changed',
      cartVersion: 5,
    });
    expect(await cart.findOrderByCheckout(3, 'c-7', 'r')).toEqual({ kind: 'not-found' });
    // An order of the wrong shape proves nothing either way: the stock must not be released on it.
    expect(await cart.findOrderByCheckout(3, 'c-7', 'r')).toEqual({ kind: 'unknown' });
  });
});
