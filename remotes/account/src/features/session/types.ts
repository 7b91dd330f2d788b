/** The signed-in shopper as `/api/account/me` names them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** `detail` of the `storefront:session-changed` window event (docs/cart-and-account.md). */
export interface SessionChangedDetail {
  signedIn: boolean;
  user: SessionUser | null;
}

/** Name of the window event sent after sign-in, sign-up and sign-out. */
export const SESSION_CHANGED_EVENT = 'storefront:session-changed';
