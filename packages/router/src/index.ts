// The router contract between the shell and the remotes: the react-router exports a remote (and
// @storefront/remote-kit) may use, nothing more. The shell shares this module as the Module Federation singleton
// instead of react-router itself, so the shell's react-router is tree-shaken to what the shell and this list use.
// These are re-exports, not wrappers: on the shell's page they are the shell's own react-router functions and
// components, bound to the same router contexts as its <BrowserRouter>, so a remote's <Link> navigates the
// shell's router. A new export is a minor version of this package, a removed or changed one a major (index.test.ts
// holds the list); the deploy guard checks remotes' requirement on it like react's.
export type {
  BrowserRouterProps,
  LinkProps,
  Location,
  MemoryRouterProps,
  NavigateFunction,
  NavigateOptions,
  Params,
  RouteProps,
  RoutesProps,
  SetURLSearchParams,
  URLSearchParamsInit,
} from 'react-router';
export {
  BrowserRouter,
  Link,
  MemoryRouter,
  Route,
  Routes,
  useLocation,
  useNavigate,
  useParams,
  useSearchParams,
} from 'react-router';
