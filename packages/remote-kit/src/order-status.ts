// An order's status as the remotes read it from the BFF (the cart's confirmation, the account's history).
import { ORDER_STATUSES, type OrderRejection, type OrderStatus } from '@storefront/contract/browser';
import { isObject, stringOrNull } from './api-client';

/**
 * Reads an order's status. Absent: `placed` (answers from before the choreographed checkout). A status this
 * remote does not know (a newer contract) reads as `pending`: not final, so a remote never claims an order stands
 * when it cannot tell.
 */
export function parseOrderStatus(value: unknown): OrderStatus {
  if (value === undefined) return 'placed';
  return ORDER_STATUSES.find((status) => status === value) ?? 'pending';
}

/** Reads why an order was rejected; null when absent or not a code and a message. */
export function parseRejection(value: unknown): OrderRejection | null {
  if (!isObject(value)) return null;
  const code = stringOrNull(value.code);
  const message = stringOrNull(value.message);
  return code && message ? { code, message } : null;
}
