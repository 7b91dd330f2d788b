import type { RemoteName } from '../registry';
import table from './route-modules.json';

/** One exposed module of one remote, as `RemoteSlot` loads it (`remote`, `./Module`). */
export interface RouteModule {
  remote: string;
  module: string;
}

/** The shape of route-modules.json (also emitted by the build as `dist/compose.json`'s `routes`). */
export interface RouteModulesTable {
  /** On every page: the header's slots. */
  frame: RouteModule[];
  /** Paths as in `AppRoutes` (`:param` matches one segment); the first match wins. */
  routes: Array<{ path: string; modules: RouteModule[] }>;
}

const routeTable: RouteModulesTable = table;

/** True when `pathname` matches a route pattern (`/products/:id`); a trailing slash is ignored. */
export function matchesRoute(pattern: string, pathname: string): boolean {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const want = split(pattern);
  const got = split(pathname);
  return want.length === got.length && want.every((seg, i) => seg.startsWith(':') || seg === got[i]);
}

/** The exposed modules a first page load at `pathname` renders: the header's, then the route's own. */
export function modulesForPath(pathname: string, routes: RouteModulesTable = routeTable): RouteModule[] {
  const route = routes.routes.find((r) => matchesRoute(r.path, pathname));
  return [...(route?.modules ?? []), ...routes.frame];
}

/**
 * The remotes a first page load at `pathname` renders, in order of first use (route-modules.json): used only
 * to start downloading those remotes' entry scripts early; a route missing there only loses that head start.
 */
export function remotesForPath(pathname: string): RemoteName[] {
  const names = modulesForPath(pathname).map((m) => m.remote as RemoteName);
  return [...new Set(names)];
}
