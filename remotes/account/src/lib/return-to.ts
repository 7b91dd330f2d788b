/** Where a successful sign-in lands when no safe `returnTo` is given. */
export const DEFAULT_RETURN_TO = '/account';

// Any origin works as the base: only whether the path stays on it matters.
const PROBE_ORIGIN = 'https://storefront.invalid';

/**
 * Returns `returnTo` when it is a path on this site (`/cart?x=1`), else {@link DEFAULT_RETURN_TO}. Refuses
 * protocol-relative URLs (`//evil.example`, `/\evil.example`), absolute URLs and control characters, so the
 * sign-in page can never be used to send a shopper to another site.
 */
export function safeReturnTo(returnTo: string | null | undefined): string {
  if (!returnTo?.startsWith('/')) return DEFAULT_RETURN_TO;
  if (returnTo.startsWith('//') || returnTo.startsWith('/\\')) return DEFAULT_RETURN_TO;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(returnTo)) return DEFAULT_RETURN_TO;
  try {
    const url = new URL(returnTo, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return DEFAULT_RETURN_TO;
    // Dot segments are resolved only now: `/.//evil.example` and `/%2e//evil.example` become `//evil.example`,
    // which a browser reads as another host. Checked on the path as it will be navigated to.
    if (/^\/[/\\]/.test(url.pathname)) return DEFAULT_RETURN_TO;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return DEFAULT_RETURN_TO;
  }
}
