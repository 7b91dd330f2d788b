// Orders as rows (shared by the orchestrated order in cart-db.ts and the choreographed one in pending-orders.ts):
// the columns read, the mapping to the API's shape, the one insert of an order with its lines, and its events.
import { domainEvent } from '@storefront/contract/domain-events';
import { appendEvents } from '@storefront/service-kit/sqlite';
import type Database from 'better-sqlite3';
import type {
  Order,
  OrderLine,
  OrderLineInput,
  OrderRejection,
  OrderStatus,
  ShippingAddress,
} from './types.js';

export interface OrderRow {
  id: number;
  userId: number;
  checkoutId: string;
  status: OrderStatus;
  rejection: string | null;
  totalCents: number;
  currency: string;
  itemCount: number;
  shippingAddress: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLineRow extends OrderLine {
  orderId: number;
}

interface OrderParams {
  userId: number;
  checkoutId: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  itemCount: number;
  shippingAddress: string | null;
  createdAt: string;
}

export const ORDER_COLUMNS = `id, user_id AS userId, checkout_id AS checkoutId, status, rejection,
  total_cents AS totalCents, currency, item_count AS itemCount, shipping_address AS shippingAddress,
  created_at AS createdAt, updated_at AS updatedAt`;

export const ORDER_LINE_COLUMNS = `order_id AS orderId, product_id AS productId, name,
  unit_price_cents AS unitPriceCents, currency, quantity, line_total_cents AS lineTotalCents`;

export function toOrder(row: OrderRow, lines: OrderLine[]): Order {
  return {
    id: row.id,
    userId: row.userId,
    checkoutId: row.checkoutId,
    status: row.status,
    rejection: row.rejection === null ? null : (JSON.parse(row.rejection) as OrderRejection),
    updatedAt: row.updatedAt,
    lines,
    itemCount: row.itemCount,
    totalCents: row.totalCents,
    currency: row.currency,
    shippingAddress:
      row.shippingAddress === null ? null : (JSON.parse(row.shippingAddress) as ShippingAddress),
    createdAt: row.createdAt,
  };
}

export function toOrderLine(row: OrderLineRow): OrderLine {
  return {
    productId: row.productId,
    name: row.name,
    unitPriceCents: row.unitPriceCents,
    currency: row.currency,
    quantity: row.quantity,
    lineTotalCents: row.lineTotalCents,
  };
}

/** What {@link OrderRows.insert} needs. */
export interface NewOrder {
  userId: number;
  checkoutId: string;
  status: 'placed' | 'pending';
  lines: OrderLineInput[];
  shippingAddress: ShippingAddress | null;
  createdAt: string;
  defaultCurrency: string;
}

/** The order statements of one connection. */
export class OrderRows {
  readonly byCheckout;
  readonly linesOf;
  private readonly insertOrder;
  private readonly insertLine;
  private readonly decide;

  constructor(private readonly sqlite: Database.Database) {
    this.byCheckout = sqlite.prepare<[string], OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE checkout_id = ?`,
    );
    this.linesOf = sqlite.prepare<[number], OrderLineRow>(
      `SELECT ${ORDER_LINE_COLUMNS} FROM order_lines WHERE order_id = ? ORDER BY position`,
    );
    this.insertOrder = sqlite.prepare<[OrderParams], void>(
      `INSERT INTO orders (user_id, checkout_id, status, total_cents, currency, item_count, shipping_address,
         created_at, updated_at)
       VALUES (@userId, @checkoutId, @status, @totalCents, @currency, @itemCount, @shippingAddress, @createdAt,
         @createdAt)`,
    );
    this.decide = sqlite.prepare<[string, string | null, string, string]>(
      `UPDATE orders SET status = ?, rejection = ?, updated_at = ? WHERE checkout_id = ? AND status = 'pending'`,
    );
    this.insertLine = sqlite.prepare<[OrderLineRow & { position: number }], void>(
      `INSERT INTO order_lines (order_id, position, product_id, name, unit_price_cents, currency, quantity,
         line_total_cents)
       VALUES (@orderId, @position, @productId, @name, @unitPriceCents, @currency, @quantity, @lineTotalCents)`,
    );
  }

  /**
   * A pending order becomes `confirmed` or `rejected` (inside the consumer's transaction); false when the order of
   * `checkoutId` is not pending (an orchestrated one, or decided already).
   */
  decidePending(
    checkoutId: string,
    status: 'confirmed' | 'rejected',
    rejection: OrderRejection | null,
    at: string,
  ): boolean {
    return (
      this.decide.run(status, rejection === null ? null : JSON.stringify(rejection), at, checkoutId)
        .changes === 1
    );
  }

  /** The order of `checkoutId` with its lines. */
  find(checkoutId: string): Order | undefined {
    const row = this.byCheckout.get(checkoutId);
    return row ? this.withLines(row) : undefined;
  }

  withLines(row: OrderRow): Order {
    return toOrder(row, this.linesOf.all(row.id).map(toOrderLine));
  }

  /**
   * Inserts the order and its lines (totals computed here) and appends `OrderPlaced` and `CartCheckedOut`, inside
   * the caller's transaction.
   */
  insert(input: NewOrder): Order {
    const lines: OrderLine[] = input.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      unitPriceCents: line.unitPriceCents,
      currency: line.currency,
      quantity: line.quantity,
      lineTotalCents: line.unitPriceCents * line.quantity,
    }));
    this.insertOrder.run({
      userId: input.userId,
      checkoutId: input.checkoutId,
      status: input.status,
      totalCents: lines.reduce((sum, line) => sum + line.lineTotalCents, 0),
      currency: lines[0]?.currency ?? input.defaultCurrency,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      shippingAddress: input.shippingAddress === null ? null : JSON.stringify(input.shippingAddress),
      createdAt: input.createdAt,
    });
    const row = this.byCheckout.get(input.checkoutId);
    if (!row) throw new Error('order vanished right after insert');
    lines.forEach((line, position) => {
      this.insertLine.run({ ...line, orderId: row.id, position });
    });
    const order = toOrder(row, lines);
    return order;
  }

  /**
   * `OrderPlaced` and `CartCheckedOut`, correlated by the checkout id; both caused by the command (the BFF's
   * request), not by an event. Inside the order's transaction (the outbox), unless a demo asks otherwise.
   */
  publishPlaced(order: Order): void {
    const { id: orderId, userId, checkoutId } = order;
    const status = order.status === 'pending' ? 'pending' : 'placed';
    const lines = order.lines.map(({ productId, quantity, unitPriceCents, currency }) => ({
      productId,
      quantity,
      unitPriceCents,
      currency,
    }));
    const data = {
      orderId,
      userId,
      checkoutId,
      status,
      lines,
      totalCents: order.totalCents,
      currency: order.currency,
    } as const;
    appendEvents(this.sqlite, [
      { ...domainEvent('OrderPlaced', data, checkoutId), occurredAt: order.createdAt },
      {
        ...domainEvent('CartCheckedOut', { userId, orderId, checkoutId }, checkoutId),
        occurredAt: order.createdAt,
      },
    ]);
  }
}
