// The storefront's domain events, named once (issue 13): what each service publishes through its outbox, the
// version of each payload and who owns it. Services import this file alone (`@storefront/contract/domain-events`,
// no TypeBox); docs/domain.md draws the same list and a test holds the two together.
//
// Payloads carry ids, quantities and amounts — never an e-mail, a name or an address. Events are copied: into
// every consumer's database, into a broker's retained stream, into logs. Personal data there could not be
// corrected or erased where it is owned (the account service), so a consumer that needs it asks its owner.

/** The services that publish events. */
export type EventOwner = 'catalog-service' | 'cart-service' | 'account-service';

/** One reserved or ordered product. */
export interface EventStockLine {
  productId: number;
  quantity: number;
}

/** A line the catalog could not reserve; `available` is 0 for an unknown product. */
export interface EventStockShortage {
  productId: number;
  requested: number;
  available: number;
}

/** An ordered line, priced as the order was placed. */
export interface EventOrderLine extends EventStockLine {
  unitPriceCents: number;
  currency: string;
}

/** The payload of each event, by type. */
export interface DomainEventData {
  /** Stock taken for a checkout (the reservation id is the checkout id). */
  StockReserved: { reservationId: string; lines: EventStockLine[] };
  /** Stock given back: `compensated` by the checkout's undo, or `expired` by the sweeper. */
  StockReleased: { reservationId: string; lines: EventStockLine[]; reason: 'compensated' | 'expired' };
  /** The order exists: the stock stays taken for good (`retaken`: after an expiry it was taken again). */
  StockCommitted: { reservationId: string; retaken: boolean };
  /**
   * Stock could not be taken for a choreographed order (the reservation id is the checkout id): what was short.
   * The catalog states a fact about stock; deciding the order's fate is the cart's (it publishes `OrderRejected`).
   */
  StockReservationFailed: { reservationId: string; orderId: number; lines: EventStockShortage[] };
  /**
   * An order was created for a checkout. Version 2 added `status`: `placed` when the orchestrator had reserved the
   * stock already (nothing to do), `pending` in the choreographed checkout (the catalog reserves on it). A v1
   * event is a `placed` one.
   */
  OrderPlaced: {
    orderId: number;
    userId: number;
    checkoutId: string;
    status: 'placed' | 'pending';
    lines: EventOrderLine[];
    totalCents: number;
    currency: string;
  };
  /** A pending order's stock is reserved: the order stands (the catalog commits the stock on it). */
  OrderConfirmed: { orderId: number; checkoutId: string };
  /** A pending order cannot be served; `reason` is an error code (`INSUFFICIENT_STOCK`). */
  OrderRejected: { orderId: number; checkoutId: string; reason: string };
  /** The shopper's cart was emptied by the order (same transaction as `OrderPlaced`). */
  CartCheckedOut: { userId: number; orderId: number; checkoutId: string };
  /** An account exists. The user id only: see the note at the top of this file. */
  UserRegistered: { userId: number };
}

/** The name of a published event. */
export type DomainEventType = keyof DomainEventData;

/** A published event's name, payload version and owning service. */
export interface DomainEventSpec {
  type: DomainEventType;
  version: number;
  owner: EventOwner;
}

/** Every event a service publishes today (planned ones are only in docs/domain.md). */
export const DOMAIN_EVENT_TYPES = [
  { type: 'StockReserved', version: 1, owner: 'catalog-service' },
  { type: 'StockReleased', version: 1, owner: 'catalog-service' },
  { type: 'StockCommitted', version: 1, owner: 'catalog-service' },
  { type: 'StockReservationFailed', version: 1, owner: 'catalog-service' },
  { type: 'OrderPlaced', version: 2, owner: 'cart-service' },
  { type: 'OrderConfirmed', version: 1, owner: 'cart-service' },
  { type: 'OrderRejected', version: 1, owner: 'cart-service' },
  { type: 'CartCheckedOut', version: 1, owner: 'cart-service' },
  { type: 'UserRegistered', version: 1, owner: 'account-service' },
] as const satisfies readonly DomainEventSpec[];

// Each type listed exactly once: a compile error names a type of DomainEventData missing from the list.
type Listed = (typeof DOMAIN_EVENT_TYPES)[number]['type'];
const everyTypeListed: Record<Exclude<DomainEventType, Listed>, never> = {};
void everyTypeListed;

/** The version a type is published at. */
export function domainEventVersion(type: DomainEventType): number {
  const spec = DOMAIN_EVENT_TYPES.find((candidate) => candidate.type === type);
  if (!spec) throw new Error(`unknown domain event type ${type}`);
  return spec.version;
}

/** An event ready for the kit's `appendEvents`, typed by its name. */
export interface TypedNewEvent<K extends DomainEventType> {
  type: K;
  version: number;
  correlationId: string;
  causationId: string | null;
  data: DomainEventData[K];
}

/**
 * Builds an event of `type` at its published version; `correlationId` is the checkout id where one exists, else
 * the entity's id; `causationId` the causing event's id, `null` when a command caused it.
 */
export function domainEvent<K extends DomainEventType>(
  type: K,
  data: DomainEventData[K],
  correlationId: string,
  causationId: string | null = null,
): TypedNewEvent<K> {
  return { type, version: domainEventVersion(type), correlationId, causationId, data };
}
