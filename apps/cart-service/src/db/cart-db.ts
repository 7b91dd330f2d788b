import { domainEvent } from '@storefront/contract/domain-events';
import { appendEvents, createOutbox, SqliteDatabase } from '@storefront/service-kit/sqlite';
import { CheckoutsDb } from './checkouts-db.js';
import { migrate } from './schema.js';
import type {
  Cart,
  CartLine,
  CreateOrderInput,
  CreateOrderResult,
  MergeResult,
  Order,
  OrderLine,
  ProductSnapshot,
  PutLineInput,
  PutLineResult,
  ShippingAddress,
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

interface OrderRow {
  id: number;
  userId: number;
  checkoutId: string;
  status: 'placed';
  totalCents: number;
  currency: string;
  itemCount: number;
  shippingAddress: string | null;
  createdAt: string;
}

interface OrderLineRow extends OrderLine {
  orderId: number;
}

interface OrderParams {
  userId: number;
  checkoutId: string;
  totalCents: number;
  currency: string;
  itemCount: number;
  shippingAddress: string | null;
  createdAt: string;
}

const LINE_COLUMNS = `product_id AS productId, quantity, name, slug, image, unit_price_cents AS unitPriceCents,
  currency, stock_snapshot AS stock, added_at AS addedAt, updated_at AS updatedAt`;

const ORDER_COLUMNS = `id, user_id AS userId, checkout_id AS checkoutId, status, total_cents AS totalCents,
  currency, item_count AS itemCount, shipping_address AS shippingAddress, created_at AS createdAt`;

const ORDER_LINE_COLUMNS = `order_id AS orderId, product_id AS productId, name, unit_price_cents AS unitPriceCents,
  currency, quantity, line_total_cents AS lineTotalCents`;

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

function toOrder(row: OrderRow, lines: OrderLine[]): Order {
  return {
    id: row.id,
    userId: row.userId,
    checkoutId: row.checkoutId,
    status: row.status,
    lines,
    itemCount: row.itemCount,
    totalCents: row.totalCents,
    currency: row.currency,
    shippingAddress:
      row.shippingAddress === null ? null : (JSON.parse(row.shippingAddress) as ShippingAddress),
    createdAt: row.createdAt,
  };
}

function toOrderLine(row: OrderLineRow): OrderLine {
  return {
    productId: row.productId,
    name: row.name,
    unitPriceCents: row.unitPriceCents,
    currency: row.currency,
    quantity: row.quantity,
    lineTotalCents: row.lineTotalCents,
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
  // Strictly increasing timestamps, so "the newer line" is well defined even within one millisecond.
  private lastMs = 0;

  private readonly stmts;

  /** Opens (creating folder and file when missing) and migrates the database at `path`. */
  constructor(path: string) {
    super(path, { migrate });
    const { sqlite } = this;
    // The cart's domain events (OrderPlaced, CartCheckedOut), written with each change (docs/domain.md).
    createOutbox(sqlite);
    this.checkouts = new CheckoutsDb(sqlite);
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
      orderByCheckout: sqlite.prepare<[string], OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE checkout_id = ?`,
      ),
      orderOfUser: sqlite.prepare<[number, number], OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ? AND user_id = ?`,
      ),
      ordersOfUser: sqlite.prepare<[number], OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = ? ORDER BY id DESC`,
      ),
      linesOfOrder: sqlite.prepare<[number], OrderLineRow>(
        `SELECT ${ORDER_LINE_COLUMNS} FROM order_lines WHERE order_id = ? ORDER BY position`,
      ),
      linesOfUserOrders: sqlite.prepare<[number], OrderLineRow>(
        `SELECT ${ORDER_LINE_COLUMNS} FROM order_lines
         WHERE order_id IN (SELECT id FROM orders WHERE user_id = ?) ORDER BY order_id, position`,
      ),
      insertOrder: sqlite.prepare<[OrderParams], void>(
        `INSERT INTO orders (user_id, checkout_id, status, total_cents, currency, item_count, shipping_address,
           created_at)
         VALUES (@userId, @checkoutId, 'placed', @totalCents, @currency, @itemCount, @shippingAddress, @createdAt)`,
      ),
      insertOrderLine: sqlite.prepare<[OrderLineRow & { position: number }], void>(
        `INSERT INTO order_lines (order_id, position, product_id, name, unit_price_cents, currency, quantity,
           line_total_cents)
         VALUES (@orderId, @position, @productId, @name, @unitPriceCents, @currency, @quantity, @lineTotalCents)`,
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
        const previous = this.stmts.orderByCheckout.get(input.checkoutId);
        if (previous) {
          if (previous.userId !== userId) return { kind: 'checkout-id-taken' };
          return { kind: 'replayed', order: this.withLines(previous) };
        }
        const refused = this.checkouts.orderGate(input.checkoutId, userId);
        if (refused) return refused;
        const cart = this.stmts.cartByOwner.get(userKey);
        const cartVersion = cart?.version ?? 0;
        if (cartVersion !== input.expectedCartVersion) return { kind: 'cart-changed', cartVersion };

        const lines: OrderLine[] = input.lines.map((line) => ({
          productId: line.productId,
          name: line.name,
          unitPriceCents: line.unitPriceCents,
          currency: line.currency,
          quantity: line.quantity,
          lineTotalCents: line.unitPriceCents * line.quantity,
        }));
        const createdAt = this.now();
        this.stmts.insertOrder.run({
          userId,
          checkoutId: input.checkoutId,
          totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
          currency: lines[0]?.currency ?? DEFAULT_CURRENCY,
          itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
          shippingAddress: input.shippingAddress === null ? null : JSON.stringify(input.shippingAddress),
          createdAt,
        });
        const row = this.stmts.orderByCheckout.get(input.checkoutId);
        if (!row) throw new Error('order vanished right after insert');
        lines.forEach((line, position) => {
          this.stmts.insertOrderLine.run({ ...line, orderId: row.id, position });
        });
        const cartId = cart?.id ?? this.createCart(userKey);
        this.stmts.deleteLines.run(cartId);
        this.bump(cartId);
        this.checkouts.markOrdered(input.checkoutId, row.id);
        const order = toOrder(row, lines);
        this.publishOrderPlaced(order);
        return { kind: 'created', order };
      })
      .immediate();
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
    return row ? this.withLines(row) : undefined;
  }

  /** The user's order placed by checkout `checkoutId`; `undefined` when missing or someone else's. */
  getOrderByCheckout(userId: number, checkoutId: string): Order | undefined {
    const row = this.stmts.orderByCheckout.get(checkoutId);
    return row && row.userId === userId ? this.withLines(row) : undefined;
  }

  private withLines(row: OrderRow): Order {
    return toOrder(row, this.stmts.linesOfOrder.all(row.id).map(toOrderLine));
  }

  /**
   * `OrderPlaced` and `CartCheckedOut`, in the order's transaction, correlated by the checkout id; both are caused
   * by the command (the BFF's request), not by an event.
   */
  private publishOrderPlaced(order: Order): void {
    const { id: orderId, userId, checkoutId } = order;
    const lines = order.lines.map(({ productId, quantity, unitPriceCents, currency }) => ({
      productId,
      quantity,
      unitPriceCents,
      currency,
    }));
    appendEvents(this.sqlite, [
      {
        ...domainEvent(
          'OrderPlaced',
          { orderId, userId, checkoutId, lines, totalCents: order.totalCents, currency: order.currency },
          checkoutId,
        ),
        occurredAt: order.createdAt,
      },
      {
        ...domainEvent('CartCheckedOut', { userId, orderId, checkoutId }, checkoutId),
        occurredAt: order.createdAt,
      },
    ]);
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

  private bump(cartId: number): void {
    this.stmts.bumpCart.run(this.now(), cartId);
  }

  private now(): string {
    const ms = Math.max(Date.now(), this.lastMs + 1);
    this.lastMs = ms;
    return new Date(ms).toISOString();
  }
}
