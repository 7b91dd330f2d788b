// The in-memory cart behind the mocked cart routes: pure logic, no msw, so it can be tested on its own.
import { type CatalogProduct, catalogProducts } from '../catalog/fixtures';

/** One cart line as `GET /api/cart` returns it. */
export interface MockCartLine {
  productId: number;
  name: string;
  slug: string;
  imageUrl: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  lineTotalCents: number;
}

/** The cart as `GET /api/cart` returns it (without `meta`). */
export interface MockCart {
  lines: MockCartLine[];
  itemCount: number;
  subtotalCents: number;
  currency: string;
}

/** A shipping address as the contract names it. */
export interface MockShippingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** A placed order as `GET /api/orders` returns it. */
export interface MockOrder {
  id: string;
  userId: string;
  checkoutId: string;
  status: 'placed';
  lines: Array<{
    productId: number;
    name: string;
    unitPriceCents: number;
    currency: string;
    quantity: number;
  }>;
  itemCount: number;
  totalCents: number;
  currency: string;
  shippingAddress: MockShippingAddress | null;
  createdAt: string;
}

/** What a failed operation answers: an HTTP status and a contract error code. */
export interface MockCartError {
  status: number;
  code: string;
  message: string;
  lines?: Array<{ productId: number; requested: number; available: number }>;
}

/** Either the value or the error of one operation. */
export type MockOutcome<T> = { ok: true; value: T } | { ok: false; error: MockCartError };

/** A line to start with: the product's numeric id and a quantity. */
export interface InitialLine {
  productId: number;
  quantity: number;
}

/** The default cart: one Cast Iron Skillet and two Pour-Over Coffee Sets (3 items). */
export const defaultInitialLines: readonly InitialLine[] = [
  { productId: 1, quantity: 1 },
  { productId: 2, quantity: 2 },
];

/**
 * The numeric id the cart uses for a fixture product. The fixtures' ids are `p-001`…; the real BFF's are plain
 * integers, so `p-001` is product 1.
 */
export function numericProductId(product: CatalogProduct): number {
  const digits = /(\d+)$/.exec(product.id);
  return digits ? Number(digits[1]) : Number.NaN;
}

const fail = (status: number, code: string, message: string, extra: Partial<MockCartError> = {}) => ({
  ok: false as const,
  error: { status, code, message, ...extra },
});

/** Options of {@link createCartState}. */
export interface CartStateOptions {
  /** Products that can be added (default: the catalog fixtures). */
  products?: readonly CatalogProduct[];
  /** Lines the cart holds after creation and after every `reset()` (default {@link defaultInitialLines}). */
  initialLines?: readonly InitialLine[];
  /** Whether checkout sees a signed-in shopper (default: always); signed out answers 401 `AUTH_REQUIRED`. */
  isSignedIn?: () => boolean;
}

/** A mutable in-memory cart with orders; every mocked handler set owns one. */
export interface CartState {
  cart(): MockCart;
  add(productId: number, quantity: number): MockOutcome<MockCart>;
  set(productId: number, quantity: number): MockOutcome<MockCart>;
  remove(productId: number): MockOutcome<MockCart>;
  checkout(checkoutId: string, shippingAddress: MockShippingAddress | null): MockOutcome<MockOrder>;
  orders(): MockOrder[];
  /** Forces the shopper in or out for checkout; null follows `isSignedIn` again. */
  setSignedIn(signedIn: boolean | null): void;
  /** Back to the initial lines, no orders, no forced sign-in state. */
  reset(): void;
}

/** Creates an in-memory cart; quantities are capped by the product's stock, as the BFF does. */
export function createCartState(options: CartStateOptions = {}): CartState {
  const products = options.products ?? catalogProducts;
  const initialLines = options.initialLines ?? defaultInitialLines;
  const byId = new Map(products.map((product) => [numericProductId(product), product]));
  let quantities = new Map<number, number>();
  let orders: MockOrder[] = [];
  const isSignedIn = options.isSignedIn ?? (() => true);
  let forcedSignedIn: boolean | null = null;
  let orderCounter = 0;

  const reset = () => {
    quantities = new Map();
    for (const line of initialLines) {
      const product = byId.get(line.productId);
      if (product) quantities.set(line.productId, Math.min(line.quantity, product.stock));
    }
    orders = [];
    forcedSignedIn = null;
  };
  reset();

  const cart = (): MockCart => {
    const lines: MockCartLine[] = [];
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

  const write = (productId: number, quantity: number, mode: 'add' | 'set'): MockOutcome<MockCart> => {
    const product = byId.get(productId);
    if (!product) return fail(404, 'PRODUCT_NOT_FOUND', `product ${productId} does not exist`);
    if (mode === 'set' && !quantities.has(productId)) {
      return fail(404, 'LINE_NOT_FOUND', `product ${productId} is not in the cart`);
    }
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

  return {
    cart,
    add: (productId, quantity) => write(productId, quantity, 'add'),
    set: (productId, quantity) => write(productId, quantity, 'set'),
    remove(productId) {
      quantities.delete(productId);
      return { ok: true, value: cart() };
    },
    checkout(checkoutId, shippingAddress) {
      if (!(forcedSignedIn ?? isSignedIn())) return fail(401, 'AUTH_REQUIRED', 'sign in to check out');
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
      orderCounter += 1;
      const order: MockOrder = {
        id: `ord-${String(orderCounter).padStart(4, '0')}`,
        userId: 'u-mock',
        checkoutId,
        status: 'placed',
        lines: current.lines.map(({ productId, name, unitPriceCents, currency, quantity }) => ({
          productId,
          name,
          unitPriceCents,
          currency,
          quantity,
        })),
        itemCount: current.itemCount,
        totalCents: current.subtotalCents,
        currency: current.currency,
        shippingAddress,
        createdAt: new Date().toISOString(),
      };
      orders = [order, ...orders];
      quantities = new Map();
      return { ok: true, value: order };
    },
    orders: () => [...orders],
    setSignedIn(value) {
      forcedSignedIn = value;
    },
    reset,
  };
}
