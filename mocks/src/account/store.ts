import {
  type AccountOrder,
  type AccountUser,
  type SeedUser,
  type ShippingAddress,
  seedOrders,
  seedUsers,
} from './fixtures';

/** A profile as `/api/account/profile` returns it. */
export interface AccountProfile {
  userId: string;
  email: string;
  name: string;
  shippingAddress: ShippingAddress | null;
}

function publicUser(user: SeedUser): AccountUser {
  return { id: user.id, email: user.email, name: user.name };
}

/** Trims and lower-cases an e-mail like the account service does. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The in-memory state behind the account handlers: users, the one browser session the mock knows (it stands
 * in for the `sf_session` cookie) and orders. Tests call `reset()` between cases.
 */
export class AccountMockStore {
  private users = new Map<string, SeedUser>();
  private orders: AccountOrder[] = [];
  private currentUserId: string | null = null;
  private nextUserNumber = 1;

  constructor() {
    this.reset();
  }

  /** Back to the seed data, signed out. */
  reset(): void {
    this.users = new Map(seedUsers.map((user) => [user.email, structuredClone(user)]));
    this.orders = seedOrders.map((order) => structuredClone(order));
    this.currentUserId = null;
    this.nextUserNumber = seedUsers.length + 1;
  }

  /** The signed-in user, or null. */
  currentUser(): AccountUser | null {
    const user = this.byId(this.currentUserId);
    return user ? publicUser(user) : null;
  }

  /** Signs a known user in without a password (test and demo convenience); returns it. */
  signInAs(email: string): AccountUser {
    const user = this.users.get(normaliseEmail(email));
    if (!user) throw new Error(`no mock user ${email}`);
    this.currentUserId = user.id;
    return publicUser(user);
  }

  /** Creates a user and signs it in; null when the e-mail is taken. */
  signUp(email: string, password: string, name: string): AccountUser | null {
    const key = normaliseEmail(email);
    if (this.users.has(key)) return null;
    const user: SeedUser = {
      id: `u-${this.nextUserNumber++}`,
      email: key,
      name: name.trim(),
      password,
      shippingAddress: null,
    };
    this.users.set(key, user);
    this.currentUserId = user.id;
    return publicUser(user);
  }

  /** Signs in with e-mail and password; null when they do not match. */
  signIn(email: string, password: string): AccountUser | null {
    const user = this.users.get(normaliseEmail(email));
    if (!user || user.password !== password) return null;
    this.currentUserId = user.id;
    return publicUser(user);
  }

  /** Ends the session (idempotent). */
  signOut(): void {
    this.currentUserId = null;
  }

  /** The signed-in user's profile, or null when signed out. */
  profile(): AccountProfile | null {
    const user = this.byId(this.currentUserId);
    if (!user) return null;
    return { userId: user.id, email: user.email, name: user.name, shippingAddress: user.shippingAddress };
  }

  /** Replaces the signed-in user's name and address; null when signed out. */
  updateProfile(name: string, shippingAddress: ShippingAddress | null): AccountProfile | null {
    const user = this.byId(this.currentUserId);
    if (!user) return null;
    user.name = name.trim();
    user.shippingAddress = shippingAddress;
    return this.profile();
  }

  /** The signed-in user's orders newest first, or null when signed out. */
  ordersOfCurrentUser(): AccountOrder[] | null {
    if (this.currentUserId === null) return null;
    return this.orders
      .filter((order) => order.userId === this.currentUserId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Adds an order (e.g. made by mocked checkout). */
  addOrder(order: AccountOrder): void {
    this.orders.push(structuredClone(order));
  }

  private byId(id: string | null): SeedUser | undefined {
    if (id === null) return undefined;
    for (const user of this.users.values()) if (user.id === id) return user;
    return undefined;
  }
}

/** The store the ready-made `accountHandlers` share. */
export const accountMockStore = new AccountMockStore();
