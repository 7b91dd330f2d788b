/** `shippingAddress` of a profile or an order (country: two letters). */
export interface ShippingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The signed-in shopper's profile. */
export interface Profile {
  userId: string;
  email: string;
  name: string;
  shippingAddress: ShippingAddress | null;
}

/** One line of a placed order. */
export interface OrderLine {
  productId: string;
  name: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  lineTotalCents: number;
}

/** A placed order. */
export interface Order {
  id: string;
  status: string;
  lines: OrderLine[];
  itemCount: number;
  totalCents: number;
  currency: string;
  createdAt: string;
}
