import { Outlet } from 'react-router';
import { SiteFooter } from './site-footer';
import { SiteHeader } from './site-header';

/** Header, the current page and the footer. */
export function Layout() {
  return (
    <div className="shell-app">
      <a className="shell-skip-link" href="#main">
        Skip to content
      </a>
      <SiteHeader />
      <main id="main" className="shell-main">
        <Outlet />
      </main>
      <SiteFooter />
    </div>
  );
}
