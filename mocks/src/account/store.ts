import type { Profile, ShippingAddress, User } from '@storefront/contract/browser';
import { type SeedUser, seedUsers } from './fixtures';

function publicUser(user: SeedUser): User {
  return { id: user.id, email: user.email, name: user.name };
}

/** Trims and lower-cases an e-mail like the account service does. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The in-memory state behind the account handlers: users and the one browser session the mock knows (it stands
 * in for the `sf_session` cookie). Tests call `reset()` between cases.
 */
export class AccountMockStore {
  private users = new Map<string, SeedUser>();
  private currentUserId: number | null = null;
  private nextUserNumber = 1;

  constructor() {
    this.reset();
  }

  /** Back to the seed data, signed out. */
  reset(): void {
    this.users = new Map(seedUsers.map((user) => [user.email, structuredClone(user)]));
    this.currentUserId = null;
    this.nextUserNumber = seedUsers.length + 1;
  }

  /** The signed-in user, or null. */
  currentUser(): User | null {
    const user = this.byId(this.currentUserId);
    return user ? publicUser(user) : null;
  }

  /** Signs a known user in without a password (test and demo convenience); returns it. */
  signInAs(email: string): User {
    const user = this.users.get(normaliseEmail(email));
    if (!user) throw new Error(`no mock user ${email}`);
    this.currentUserId = user.id;
    return publicUser(user);
  }

  /** Creates a user and signs it in; null when the e-mail is taken. */
  signUp(email: string, password: string, name: string): User | null {
    const key = normaliseEmail(email);
    if (this.users.has(key)) return null;
    const user: SeedUser = {
      id: this.nextUserNumber++,
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
  signIn(email: string, password: string): User | null {
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
  profile(): Profile | null {
    const user = this.byId(this.currentUserId);
    if (!user) return null;
    return { userId: user.id, email: user.email, name: user.name, shippingAddress: user.shippingAddress };
  }

  /** Replaces the signed-in user's name and address; null when signed out. */
  updateProfile(name: string, shippingAddress: ShippingAddress | null): Profile | null {
    const user = this.byId(this.currentUserId);
    if (!user) return null;
    user.name = name.trim();
    user.shippingAddress = shippingAddress;
    return this.profile();
  }

  private byId(id: number | null): SeedUser | undefined {
    if (id === null) return undefined;
    for (const user of this.users.values()) if (user.id === id) return user;
    return undefined;
  }
}

/** The store the ready-made `accountHandlers` share. */
export const accountMockStore = new AccountMockStore();
