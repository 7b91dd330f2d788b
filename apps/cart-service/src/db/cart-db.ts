import { createConsumerTables } from '@storefront/service-kit/events';
import { createOutbox, SqliteDatabase } from '@storefront/service-kit/sqlite';
import { CheckoutsDb } from './checkouts-db.js';
import {
  ORDER_COLUMNS,
  ORDER_LINE_COLUMNS,
  type OrderLineRow,
  type OrderRow,
  OrderRows,
  toOrder,
  toOrderLine,
} from './order-rows.js';
import { migrate } from './schema.js';
import type {
  Cart,
  CartLine,
  CheckoutMode,
  CreateOrderInput,
  CreateOrderResult,
  MergeResult,
  Order,
  OrderLine,
  PlacePendingResult,
  ProductSnapshot,
  PutLineInput,
  PutLineResult,
} from './types.js';

/** Currency of a cart without lines. */
export const DEFAULT_CURRENCY = 'EUR';
/** Most units of one product a cart line may hold. */
export const MAX_LINE_QUANTITY = 99;

interface CartRow {
  id: number;
  version: number;
}

interface LineRow {
  productId: number;
  quantity: number;
  name: string;
  slug: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  stock: number;
  addedAt: string;
  updatedAt: string;
}

interface LineParams extends ProductSnapshot {
  cartId: number;
  productId: number;
  quantity: number;
  now: string;
}

const LINE_COLUMNS = `product_id AS productId, quantity, name, slug, image, unit_price_cents AS unitPriceCents,
  currency, stock_snapshot AS stock, added_at AS addedAt, updated_at AS updatedAt`;

function toCartLine(row: LineRow): CartLine {
  return {
    productId: row.productId,
    name: row.name,
    slug: row.slug,
    image: row.image,
    unitPriceCents: row.unitPriceCents,
    currency: row.currency,
    quantity: row.quantity,
    lineTotalCents: row.unitPriceCents * row.quantity,
    stock: row.stock,
  };
}

function snapshotOf(row: LineRow): ProductSnapshot {
  return {
    name: row.name,
    slug: row.slug,
    image: row.image,
    unitPriceCents: row.unitPriceCents,
    currency: row.currency,
    stock: row.stock,
  };
}

/** Quantity after capping by the stock snapshot and the per-line maximum (never negative). */
function capQuantity(wanted: number, stock: number): number {
  return Math.max(0, Math.min(wanted, stock, MAX_LINE_QUANTITY));
}

/** The cart service's SQLite database (WAL): carts, lines, orders, checkouts; each write is one transaction. */
export class CartDb extends SqliteDatabase {
  /** Checkout records, on this connection. */
  readonly checkouts: CheckoutsDb;
  /** Orders' rows and their events, on this connection. */
  readonly orders: OrderRows;
  // Strictly increasing timestamps, so "the newer line" is well defined even within one millisecond.
  private lastMs = 0;

  private readonly stmts;

  /** Opens (creating folder and file when missing) and migrates the database at `path`. */
  constructor(path: string) {
    super(path, { migrate });
    const { sqlite } = this;
    // The cart's domain events (OrderPlaced, CartCheckedOut), written with each change (docs/domain.md).
    createOutbox(sqlite);
    // What the cart consumes (the catalog's stock events, for choreographed orders) and where it stands.
    createConsumerTables(sqlite);
    this.checkouts = new CheckoutsDb(sqlite);
    this.orders = new OrderRows(sqlite);
    this.stmts = {
      cartByOwner: sqlite.prepare<[string], CartRow>('SELECT id, version FROM carts WHERE owner_key = ?'),
      insertCart: sqlite.prepare<[string, string, string], CartRow>(
        'INSERT INTO carts (owner_key, version, created_at, updated_at) VALUES (?, 0, ?, ?) RETURNING id, version',
      ),
      bumpCart: sqlite.prepare<[string, number], void>(
        'UPDATE carts SET version = version + 1, updated_at = ? WHERE id = ?',
      ),
      deleteCart: sqlite.prepare<[number], void>('DELETE FROM carts WHERE id = ?'),
      linesOfCart: sqlite.prepare<[number], LineRow>(
        `SELECT ${LINE_COLUMNS} FROM cart_lines WHERE cart_id = ? ORDER BY added_at, product_id`,
      ),
      lineOf: sqlite.prepare<[number, number], LineRow>(
        `SELECT ${LINE_COLUMNS} FROM cart_lines WHERE cart_id = ? AND product_id = ?`,
      ),
      upsertLine: sqlite.prepare<[LineParams], void>(
        `INSERT INTO cart_lines (cart_id, product_id, quantity, name, slug, image, unit_price_cents, currency,
           stock_snapshot, added_at, updated_at)
         VALUES (@cartId, @productId, @quantity, @name, @slug, @image, @unitPriceCents, @currency, @stock, @now, @now)
         ON CONFLICT (cart_id, product_id) DO UPDATE SET
           quantity = excluded.quantity, name = excluded.name, slug = excluded.slug, image = excluded.image,
           unit_price_cents = excluded.unit_price_cents, currency = excluded.currency,
           stock_snapshot = excluded.stock_snapshot, updated_at = excluded.updated_at`,
      ),
      deleteLine: sqlite.prepare<[number, number], void>(
        'DELETE FROM cart_lines WHERE cart_id = ? AND product_id = ?',
      ),
      deleteLines: sqlite.prepare<[number], void>('DELETE FROM cart_lines WHERE cart_id = ?'),
      setting: sqlite.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
      saveSetting: sqlite.prepare<[string, string, string], void>(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      orderOfUser: sqlite.prepare<[number, number], OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ? AND user_id = ?`,
      ),
      ordersOfUser: sqlite.prepare<[number], OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = ? ORDER BY id DESC`,
      ),
      linesOfUserOrders: sqlite.prepare<[number], OrderLineRow>(
        `SELECT ${ORDER_LINE_COLUMNS} FROM order_lines
         WHERE order_id IN (SELECT id FROM orders WHERE user_id = ?) ORDER BY order_id, position`,
      ),
    };
  }

  /** The cart of `ownerKey`; an empty cart (version 0) when there is none. */
  getCart(ownerKey: string): Cart {
    return this.view(this.stmts.cartByOwner.get(ownerKey));
  }

  /** Adds to or sets one line's quantity, capped by the (newest) stock snapshot; 0 removes the line. */
  putLine(ownerKey: string, productId: number, input: PutLineInput): PutLineResult {
    return this.sqlite
      .transaction((): PutLineResult => {
        const cart = this.stmts.cartByOwner.get(ownerKey);
        const existing = cart ? this.stmts.lineOf.get(cart.id, productId) : undefined;
        const snapshot = input.snapshot ?? (existing ? snapshotOf(existing) : undefined);
        if (snapshot === undefined) {
          // Setting a line that does not exist to 0 already holds; anything else needs product facts.
          if (input.mode === 'set' && input.quantity === 0) return { kind: 'ok', cart: this.view(cart) };
          return { kind: 'snapshot-required' };
        }
        const wanted = input.mode === 'add' ? (existing?.quantity ?? 0) + input.quantity : input.quantity;
        const quantity = capQuantity(wanted, snapshot.stock);
        if (quantity === 0) {
          if (!cart || !existing) return { kind: 'ok', cart: this.view(cart) };
          this.stmts.deleteLine.run(cart.id, productId);
          this.bump(cart.id);
          return { kind: 'ok', cart: this.getCart(ownerKey) };
        }
        const cartId = cart?.id ?? this.createCart(ownerKey);
        this.stmts.upsertLine.run({ ...snapshot, cartId, productId, quantity, now: this.now() });
        this.bump(cartId);
        return { kind: 'ok', cart: this.getCart(ownerKey) };
      })
      .immediate();
  }

  /** Removes one line; removing a missing line changes nothing (and does not bump the version). */
  removeLine(ownerKey: string, productId: number): Cart {
    return this.sqlite
      .transaction((): Cart => {
        const cart = this.stmts.cartByOwner.get(ownerKey);
        if (!cart) return this.view(undefined);
        const removed = this.stmts.deleteLine.run(cart.id, productId).changes > 0;
        if (removed) this.bump(cart.id);
        return this.getCart(ownerKey);
      })
      .immediate();
  }

  /**
   * Moves every line of the anonymous cart into the user's cart and deletes the anonymous cart, atomically.
   * Quantities add, capped by the stock snapshot of the newer line, whose snapshot (price, name) wins.
   */
  merge(userKey: string, anonymousKey: string): MergeResult {
    return this.sqlite
      .transaction((): MergeResult => {
        const anonymous = this.stmts.cartByOwner.get(anonymousKey);
        if (!anonymous) return { cart: this.getCart(userKey), mergedLines: 0 };
        const incoming = this.stmts.linesOfCart.all(anonymous.id);
        this.stmts.deleteCart.run(anonymous.id);
        if (incoming.length === 0) return { cart: this.getCart(userKey), mergedLines: 0 };

        const userCartId = this.stmts.cartByOwner.get(userKey)?.id ?? this.createCart(userKey);
        for (const line of incoming) {
          const existing = this.stmts.lineOf.get(userCartId, line.productId);
          // On a tie the anonymous line wins: it is what the shopper touched just before signing in.
          const newer = !existing || line.updatedAt >= existing.updatedAt ? line : existing;
          const quantity = capQuantity((existing?.quantity ?? 0) + line.quantity, newer.stock);
          if (quantity === 0) {
            if (existing) this.stmts.deleteLine.run(userCartId, line.productId);
            continue;
          }
          this.stmts.upsertLine.run({
            ...snapshotOf(newer),
            cartId: userCartId,
            productId: line.productId,
            quantity,
            now: this.now(),
          });
        }
        this.bump(userCartId);
        return { cart: this.getCart(userKey), mergedLines: incoming.length };
      })
      .immediate();
  }

  /**
   * Places an order, empties the user's cart and moves checkout `checkoutId` from `reserving` to `ordered`, in one
   * transaction; idempotent on `checkoutId`. Totals are computed here from the given lines. The route has checked
   * that all lines share one currency.
   */
  createOrder(userId: number, userKey: string, input: CreateOrderInput): CreateOrderResult {
    return this.sqlite
      .transaction((): CreateOrderResult => {
        const previous = this.orders.byCheckout.get(input.checkoutId);
        if (previous) {
          if (previous.userId !== userId) return { kind: 'checkout-id-taken' };
          return { kind: 'replayed', order: this.orders.withLines(previous) };
        }
        const refused = this.checkouts.orderGate(input.checkoutId, userId);
        if (refused) return refused;
        const cart = this.stmts.cartByOwner.get(userKey);
        const cartVersion = cart?.version ?? 0;
        if (cartVersion !== input.expectedCartVersion) return { kind: 'cart-changed', cartVersion };

        const order = this.orders.insert({
          userId,
          checkoutId: input.checkoutId,
          status: 'placed',
          lines: input.lines,
          shippingAddress: input.shippingAddress,
          createdAt: this.now(),
          defaultCurrency: DEFAULT_CURRENCY,
        });
        this.emptyCart(cart?.id ?? this.createCart(userKey));
        this.checkouts.markOrdered(input.checkoutId, order.id);
        this.orders.publishPlaced(order);
        return { kind: 'created', order };
      })
      .immediate();
  }

  /**
   * The choreographed checkout's one command (issue 13): from checkout `checkoutId` in `open`, places a `pending`
   * order from the cart's lines as they are (prices as added), empties the cart, completes the record and appends
   * `OrderPlaced` (status pending) — one transaction. The catalog reserves on that event; the cart's consumer then
   * confirms or rejects the order. Idempotent on the checkout id. With `eventsOutsideTransaction` (a demo switch)
   * the events are NOT written here: the caller publishes them afterwards, as a naive dual write would.
   */
  placePendingOrder(
    userId: number,
    userKey: string,
    checkoutId: string,
    options: { eventsOutsideTransaction?: boolean } = {},
  ): PlacePendingResult {
    return this.sqlite
      .transaction((): PlacePendingResult => {
        const previous = this.orders.byCheckout.get(checkoutId);
        if (previous) {
          if (previous.userId !== userId) return { kind: 'checkout-not-found' };
          return { kind: 'replayed', order: this.orders.withLines(previous) };
        }
        const record = this.checkouts.get(checkoutId, userId);
        if (!record) return { kind: 'checkout-not-found' };
        if (record.state !== 'open' || record.mode !== 'choreographed') {
          return { kind: 'checkout-not-open', state: record.state, mode: record.mode };
        }
        const cart = this.stmts.cartByOwner.get(userKey);
        const lines = cart ? this.stmts.linesOfCart.all(cart.id) : [];
        if (!cart || lines.length === 0) {
          const error = { status: 409, code: 'CART_EMPTY', message: 'The cart is empty' };
          this.checkouts.transition(checkoutId, userId, { from: ['open'], to: 'failed', error });
          return { kind: 'cart-empty' };
        }
        const order = this.orders.insert({
          userId,
          checkoutId,
          status: 'pending',
          lines: lines.map(({ productId, name, unitPriceCents, currency, quantity }) => ({
            productId,
            name,
            unitPriceCents,
            currency,
            quantity,
          })),
          shippingAddress: record.shippingAddress,
          createdAt: this.now(),
          defaultCurrency: DEFAULT_CURRENCY,
        });
        this.emptyCart(cart.id);
        this.checkouts.markPlaced(checkoutId, order.id);
        if (!options.eventsOutsideTransaction) this.orders.publishPlaced(order);
        return { kind: 'created', order };
      })
      .immediate();
  }

  /** The checkout mode new checkouts open in (the `checkout-mode` setting; orchestrated until set). */
  checkoutMode(): CheckoutMode {
    const value = this.stmts.setting.get('checkout-mode');
    return value === 'choreographed' ? 'choreographed' : 'orchestrated';
  }

  setCheckoutMode(mode: CheckoutMode): void {
    this.stmts.saveSetting.run('checkout-mode', mode, this.now());
  }

  /** The user's orders, newest first, each with its lines. */
  listOrders(userId: number): Order[] {
    const linesByOrder = new Map<number, OrderLine[]>();
    for (const row of this.stmts.linesOfUserOrders.all(userId)) {
      const list = linesByOrder.get(row.orderId) ?? [];
      list.push(toOrderLine(row));
      linesByOrder.set(row.orderId, list);
    }
    return this.stmts.ordersOfUser.all(userId).map((row) => toOrder(row, linesByOrder.get(row.id) ?? []));
  }

  /** One of the user's orders; `undefined` when missing or someone else's. */
  getOrder(userId: number, orderId: number): Order | undefined {
    const row = this.stmts.orderOfUser.get(orderId, userId);
    return row ? this.orders.withLines(row) : undefined;
  }

  /** The user's order placed by checkout `checkoutId`; `undefined` when missing or someone else's. */
  getOrderByCheckout(userId: number, checkoutId: string): Order | undefined {
    const row = this.orders.byCheckout.get(checkoutId);
    return row && row.userId === userId ? this.orders.withLines(row) : undefined;
  }

  private view(cart: CartRow | undefined): Cart {
    const lines = cart ? this.stmts.linesOfCart.all(cart.id).map(toCartLine) : [];
    return {
      lines,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      subtotalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      currency: lines[0]?.currency ?? DEFAULT_CURRENCY,
      version: cart?.version ?? 0,
    };
  }

  private createCart(ownerKey: string): number {
    const now = this.now();
    const row = this.stmts.insertCart.get(ownerKey, now, now);
    if (!row) throw new Error('cart insert returned no row');
    return row.id;
  }

  private emptyCart(cartId: number): void {
    this.stmts.deleteLines.run(cartId);
    this.bump(cartId);
  }

  private bump(cartId: number): void {
    this.stmts.bumpCart.run(this.now(), cartId);
  }

  private now(): string {
    const ms = Math.max(Date.now(), this.lastMs + 1);
    this.lastMs = ms;
    return new Date(ms).toISOString();
  }
}
