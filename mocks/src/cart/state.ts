// The in-memory cart and orders behind the mocked cart routes: pure logic, no msw, so it can be tested on its own.
import type {
  Cart,
  CartLine,
  ErrorCode,
  Order,
  Product,
  ShippingAddress,
} from '@storefront/contract/browser';
import { demoUser } from '../account/fixtures';
import { catalogProducts } from '../catalog/fixtures';
import {
  type Choreography,
  DEFAULT_SETTLE_AFTER_MS,
  type PendingOutcome,
  settledOrder,
} from './choreography';
import { type OwnedOrder, seedOrders } from './seed-orders';

/** What a failed operation answers: an HTTP status and one of the contract's codes. */
export interface MockCartError {
  status: number;
  code: ErrorCode;
  message: string;
  lines?: Array<{ productId: number; requested: number; available: number }>;
}

/** Either the value or the error of one operation. */
export type MockOutcome<T> = { ok: true; value: T } | { ok: false; error: MockCartError };

/** A line to start with: the product's id and a quantity. */
export interface InitialLine {
  productId: number;
  quantity: number;
}

/** The default cart: one Cast Iron Skillet and two Pour-Over Coffee Sets (3 items). */
export const defaultInitialLines: readonly InitialLine[] = [
  { productId: 1, quantity: 1 },
  { productId: 2, quantity: 2 },
];

const fail = (status: number, code: ErrorCode, message: string, extra: Partial<MockCartError> = {}) => ({
  ok: false as const,
  error: { status, code, message, ...extra },
});

/** Options of {@link createCartState}. */
export interface CartStateOptions {
  /** Products that can be added (default: the catalog fixtures). */
  products?: readonly Product[];
  /** Lines the cart holds after creation and after every `reset()` (default {@link defaultInitialLines}). */
  initialLines?: readonly InitialLine[];
  /** Orders placed before (default: the demo user's two). */
  initialOrders?: readonly OwnedOrder[];
  /** The signed-in shopper's id, null when signed out (default: always the demo user). */
  currentUserId?: () => number | null;
  /** Check out choreographed (202, a `pending` order that settles later); default orchestrated (201 `placed`). */
  choreography?: Choreography | null;
}

/** A mutable in-memory cart with orders; every mocked handler set owns one. */
export interface CartState {
  cart(): Cart;
  add(productId: number, quantity: number): MockOutcome<Cart>;
  /** Sets a line's quantity; a product not in the cart can only be set to 0 (the BFF answers 400 otherwise). */
  set(productId: number, quantity: number): MockOutcome<Cart>;
  remove(productId: number): Cart;
  /** Places the order of the signed-in shopper (401 `AUTH_REQUIRED` when signed out), `pending` if choreographed. */
  checkout(checkoutId: string, shippingAddress: ShippingAddress | null): MockOutcome<Order>;
  /** The signed-in shopper's orders newest first, or null when signed out. */
  orders(): Order[] | null;
  /** Forces the shopper out (false) or in (true: the current user, else the demo user); null follows again. */
  setSignedIn(signedIn: boolean | null): void;
  /** Switches checkout to choreographed (null: orchestrated) until `reset()`; placed orders keep their plan. */
  setChoreography(choreography: Choreography | null): void;
  /** Settles a pending order now (as the catalog's answer would); null when no pending order has that id. */
  settle(orderId: number, outcome: PendingOutcome): Order | null;
  /** Back to the initial lines, orders and checkout mode, no forced sign-in state. */
  reset(): void;
}

/** Creates an in-memory cart; quantities are capped by the product's stock, as the BFF does. */
export function createCartState(options: CartStateOptions = {}): CartState {
  const products = options.products ?? catalogProducts;
  const initialLines = options.initialLines ?? defaultInitialLines;
  const initialOrders = options.initialOrders ?? seedOrders;
  const currentUserId = options.currentUserId ?? (() => demoUser.id);
  const byId = new Map(products.map((product) => [product.id, product]));
  let quantities = new Map<number, number>();
  let orders: OwnedOrder[] = [];
  let forcedSignedIn: boolean | null = null;
  let choreography: Choreography | null = null;
  // Pending orders and when (epoch ms) they settle, into what.
  let due = new Map<number, { at: number; outcome: PendingOutcome }>();

  const reset = () => {
    quantities = new Map();
    for (const line of initialLines) {
      const product = byId.get(line.productId);
      if (product) quantities.set(line.productId, Math.min(line.quantity, product.stock));
    }
    orders = initialOrders.map((owned) => structuredClone(owned));
    forcedSignedIn = null;
    choreography = options.choreography ?? null;
    due = new Map();
  };
  reset();

  const settle = (orderId: number, outcome: PendingOutcome): Order | null => {
    const owned = orders.find((candidate) => candidate.order.id === orderId);
    if (owned?.order.status !== 'pending') return null;
    due.delete(orderId);
    const order = settledOrder(owned.order, outcome);
    orders = orders.map((candidate) => (candidate === owned ? { ...owned, order } : candidate));
    return order;
  };

  /** Settles what is due: read time is when the mocks notice the catalog's answer. */
  const settleDue = () => {
    const now = Date.now();
    for (const [orderId, plan] of due) if (plan.at <= now) settle(orderId, plan.outcome);
  };

  const shopper = (): number | null => {
    if (forcedSignedIn === false) return null;
    return currentUserId() ?? (forcedSignedIn ? demoUser.id : null);
  };

  const cart = (): Cart => {
    const lines: CartLine[] = [];
    for (const [productId, quantity] of quantities) {
      const product = byId.get(productId);
      if (!product || quantity <= 0) continue;
      lines.push({
        productId,
        name: product.name,
        slug: product.slug,
        imageUrl: product.imageUrl,
        unitPriceCents: product.priceCents,
        currency: product.currency,
        quantity,
        lineTotalCents: product.priceCents * quantity,
      });
    }
    return {
      lines,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      currency: lines[0]?.currency ?? 'USD',
    };
  };

  const write = (productId: number, quantity: number, mode: 'add' | 'set'): MockOutcome<Cart> => {
    const product = byId.get(productId);
    if (mode === 'set' && !quantities.has(productId)) {
      // The cart service needs the product's snapshot for a new line, which only an add sends.
      return quantity === 0
        ? { ok: true, value: cart() }
        : fail(400, 'INVALID_REQUEST', `product ${productId} is not in the cart: add it first`);
    }
    if (!product) return fail(404, 'PRODUCT_NOT_FOUND', `product ${productId} does not exist`);
    const wanted = mode === 'add' ? (quantities.get(productId) ?? 0) + quantity : quantity;
    if (mode === 'add' && product.stock <= 0) {
      return fail(409, 'INSUFFICIENT_STOCK', `${product.name} is out of stock`, {
        lines: [{ productId, requested: wanted, available: 0 }],
      });
    }
    const capped = Math.min(wanted, product.stock);
    if (capped <= 0) quantities.delete(productId);
    else quantities.set(productId, capped);
    return { ok: true, value: cart() };
  };

  const placeOrder = (userId: number, current: Cart, checkoutId: string, address: ShippingAddress | null) => {
    const createdAt = new Date().toISOString();
    const order: Order = {
      id: Math.max(1000, ...orders.map((owned) => owned.order.id)) + 1,
      checkoutId,
      status: choreography ? 'pending' : 'placed',
      ...(choreography ? { rejection: null, updatedAt: createdAt } : {}),
      lines: current.lines.map(({ productId, name, unitPriceCents, currency, quantity, lineTotalCents }) => ({
        productId,
        name,
        unitPriceCents,
        currency,
        quantity,
        lineTotalCents,
      })),
      itemCount: current.itemCount,
      totalCents: current.subtotalCents,
      currency: current.currency,
      shippingAddress: address,
      createdAt,
    };
    orders = [...orders, { userId, order }];
    if (choreography) {
      const after = choreography.settleAfterMs ?? DEFAULT_SETTLE_AFTER_MS;
      due.set(order.id, { at: Date.now() + after, outcome: choreography.outcome ?? 'confirmed' });
    }
    quantities = new Map();
    return order;
  };

  return {
    cart,
    add: (productId, quantity) => write(productId, quantity, 'add'),
    set: (productId, quantity) => write(productId, quantity, 'set'),
    remove(productId) {
      quantities.delete(productId);
      return cart();
    },
    checkout(checkoutId, shippingAddress) {
      const userId = shopper();
      if (userId === null) return fail(401, 'AUTH_REQUIRED', 'sign in to check out');
      const current = cart();
      if (current.lines.length === 0) return fail(409, 'CART_EMPTY', 'the cart is empty');
      const short = current.lines
        .map((line) => ({
          productId: line.productId,
          requested: line.quantity,
          available: byId.get(line.productId)?.stock ?? 0,
        }))
        .filter((line) => line.requested > line.available);
      if (short.length > 0) {
        return fail(409, 'INSUFFICIENT_STOCK', 'some products do not have enough stock', { lines: short });
      }
      return { ok: true, value: placeOrder(userId, current, checkoutId, shippingAddress) };
    },
    orders() {
      const userId = shopper();
      if (userId === null) return null;
      settleDue();
      return orders
        .filter((owned) => owned.userId === userId)
        .map((owned) => owned.order)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    },
    setSignedIn(value) {
      forcedSignedIn = value;
    },
    setChoreography(value) {
      choreography = value;
    },
    settle,
    reset,
  };
}
