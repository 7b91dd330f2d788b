import type { RemoteName } from '../registry';

/**
 * The remotes a first page load at `pathname` renders (keep in step with `AppRoutes` and the header): the header
 * always shows the cart badge and the account menu; the home and product pages show the catalog. Used only to
 * start downloading those remotes' entry scripts early; a route missing here only loses that head start.
 */
export function remotesForPath(pathname: string): RemoteName[] {
  const header: RemoteName[] = ['cart', 'account'];
  if (pathname === '/' || pathname.startsWith('/products/')) return ['catalog', ...header];
  return header;
}
