/** A user as the API returns it (never with the password hash). */
export interface User {
  id: number;
  email: string;
  name: string;
}

/** A postal address for shipping; `country` is two upper-case letters. */
export interface ShippingAddress {
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** The profile as `GET /profile` returns it. */
export interface Profile {
  userId: number;
  email: string;
  name: string;
  shippingAddress: ShippingAddress | null;
}

/** A user row with its stored password hash, for sign-in only. */
export interface UserWithHash extends User {
  passwordHash: string;
}

/** A live session found by its token hash. */
export interface ActiveSession {
  user: User;
  /** Epoch milliseconds. */
  expiresAt: number;
}
