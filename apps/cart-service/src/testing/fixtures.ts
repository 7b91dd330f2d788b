import type { ProductSnapshot } from '../db/types.js';

/** A product snapshot as the BFF would send it; override what a test cares about. */
export function snapshot(overrides: Partial<ProductSnapshot> = {}): ProductSnapshot {
  return {
    name: 'Cast iron skillet 26',
    slug: 'cast-iron-skillet-26',
    image: '/images/cast-iron-skillet-26.svg',
    unitPriceCents: 3990,
    currency: 'EUR',
    stock: 10,
    ...overrides,
  };
}

/** Anonymous cart ids (base64url, 22 characters like 128 random bits). */
export const ANON_A = 'aAaAaAaAaAaAaAaAaAaA_1';
export const ANON_B = 'bBbBbBbBbBbBbBbBbBbB-2';

/** Shapes of the JSON bodies the tests read. */
export interface CartBody {
  cart: {
    lines: Array<{
      productId: number;
      name: string;
      slug: string;
      image: string;
      unitPriceCents: number;
      currency: string;
      quantity: number;
      lineTotalCents: number;
      stock: number;
    }>;
    itemCount: number;
    subtotalCents: number;
    currency: string;
    version: number;
  };
}

/** Error bodies: the one envelope of every process. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; [extra: string]: unknown };
  meta: { requestId: string };
}
