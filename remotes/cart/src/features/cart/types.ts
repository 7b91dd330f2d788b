/** One line of the shopper's cart. */
export interface CartLine {
  productId: number;
  name: string;
  slug: string;
  imageUrl: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  lineTotalCents: number;
}

/** The shopper's cart as the BFF returns it. */
export interface Cart {
  lines: CartLine[];
  itemCount: number;
  subtotalCents: number;
  currency: string;
}

/** A placed order (only what the checkout screen shows). */
export interface Order {
  id: string;
  itemCount: number;
  totalCents: number;
  currency: string;
}

/** The signed-in shopper, or null. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** An empty cart, e.g. before the first load. */
export const emptyCart: Cart = { lines: [], itemCount: 0, subtotalCents: 0, currency: 'USD' };
