/** Product facts copied into a cart line when it is written (price and stock as the BFF last saw them). */
export interface ProductSnapshot {
  name: string;
  slug: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  stock: number;
}

/** A cart line as the API returns it. */
export interface CartLine {
  productId: number;
  name: string;
  slug: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  lineTotalCents: number;
  stock: number;
}

/** A cart as the API returns it (an empty cart has version 0 until its first change). */
export interface Cart {
  lines: CartLine[];
  itemCount: number;
  subtotalCents: number;
  currency: string;
  version: number;
}

/** Body of `PUT /cart/lines/:productId`. */
export interface PutLineInput {
  quantity: number;
  mode: 'add' | 'set';
  snapshot?: ProductSnapshot;
}

/** Result of a line write. */
export type PutLineResult = { kind: 'ok'; cart: Cart } | { kind: 'snapshot-required' };

/** A shipping address as stored with an order. */
export interface ShippingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** A line of `POST /orders` (prices fresh from the catalog). */
export interface OrderLineInput {
  productId: number;
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
}

/** Body of `POST /orders`. */
export interface CreateOrderInput {
  checkoutId: string;
  lines: OrderLineInput[];
  shippingAddress: ShippingAddress | null;
  expectedCartVersion: number;
}

/** An order line as the API returns it. */
export interface OrderLine extends OrderLineInput {
  lineTotalCents: number;
}

/**
 * `placed`: by the orchestrated checkout (its stock was reserved first); `pending` → `confirmed` | `rejected`: the
 * choreographed checkout, decided by the catalog's events.
 */
export const ORDER_STATUSES = ['placed', 'pending', 'confirmed', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Why a pending order was rejected. */
export interface OrderRejection {
  code: string;
  message: string;
}

/** An order as the API returns it. */
export interface Order {
  id: number;
  userId: number;
  checkoutId: string;
  status: OrderStatus;
  rejection: OrderRejection | null;
  /** The last status change (the creation time until then). */
  updatedAt: string;
  lines: OrderLine[];
  itemCount: number;
  totalCents: number;
  currency: string;
  shippingAddress: ShippingAddress | null;
  createdAt: string;
}

/** Result of `createOrder`. */
export type CreateOrderResult =
  | { kind: 'created'; order: Order }
  | { kind: 'replayed'; order: Order }
  | { kind: 'cart-changed'; cartVersion: number }
  | { kind: 'checkout-id-taken' }
  | OrderGateRefusal;

/** Result of `placePendingOrder`. */
export type PlacePendingResult =
  | { kind: 'created'; order: Order }
  | { kind: 'replayed'; order: Order }
  | { kind: 'cart-empty' }
  | { kind: 'checkout-not-found' }
  | { kind: 'checkout-not-open'; state: CheckoutState; mode: CheckoutMode };

/** Result of `merge`. */
export interface MergeResult {
  cart: Cart;
  /** Lines taken over from the anonymous cart (0 when it was missing or empty). */
  mergedLines: number;
}

/** Result of `createOrder` when the checkout record does not allow an order (see `CheckoutsDb.orderGate`). */
export type OrderGateRefusal =
  | { kind: 'checkout-not-found' }
  | { kind: 'checkout-not-reserving'; state: CheckoutState };

/**
 * Where a checkout stands: `open` (nothing held), `reserving` (a stock reservation with id = checkout id may
 * exist), `releasing` (no order, ever; the reservation must be released), `ordered` (the order exists; the
 * reservation must be committed), `completed`, `failed` (a final 4xx answer is stored; nothing held).
 */
export const CHECKOUT_STATES = ['open', 'reserving', 'releasing', 'ordered', 'completed', 'failed'] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

/** The final answer of a failed checkout, as the orchestrator stored it. */
export interface CheckoutError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * How checkouts run (issue 13): `orchestrated` by the BFF's saga, or `choreographed` by events between the cart
 * and the catalog. A record keeps the mode it was opened in, so a retry after a switch runs the same flow.
 */
export const CHECKOUT_MODES = ['orchestrated', 'choreographed'] as const;
export type CheckoutMode = (typeof CHECKOUT_MODES)[number];

/** A checkout record as the API returns it. */
export interface Checkout {
  id: string;
  userId: number;
  state: CheckoutState;
  mode: CheckoutMode;
  shippingAddress: ShippingAddress | null;
  /** The order lines the orchestrator priced (set on `open` → `reserving`, cleared on `releasing` → `open`). */
  lines: OrderLineInput[] | null;
  cartVersion: number | null;
  orderId: number | null;
  error: CheckoutError | null;
  createdAt: string;
  updatedAt: string;
}

/** Body of `POST /checkouts/:id/transitions`. */
export interface TransitionInput {
  from: CheckoutState[];
  to: CheckoutState;
  lines?: OrderLineInput[];
  cartVersion?: number;
  error?: CheckoutError;
  /** Only when the record has not changed for at least this long (recovery of abandoned checkouts). */
  staleAfterMs?: number;
}
