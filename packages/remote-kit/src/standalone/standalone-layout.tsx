import { BrowserRouter, Link, Routes } from '@storefront/router';
import type { ReactNode } from 'react';
import './standalone.css';

/** Props of {@link StandaloneLayout}. */
export interface StandaloneLayoutProps {
  /** The header's link home, e.g. "Catalog remote". */
  title: string;
  /** Shown at the header's end, like the shell's header slot (the cart badge, the account menu). */
  aside?: ReactNode;
  /** `light` when `aside` is drawn for a light header; dark otherwise. */
  tone?: 'dark' | 'light';
  /** The page's `<Route>` elements. */
  children: ReactNode;
}

/** A remote on its own: a router, a header that says "standalone", and the routes in `<main>`. */
export function StandaloneLayout({ title, aside, tone = 'dark', children }: StandaloneLayoutProps) {
  const headerClass =
    tone === 'light'
      ? 'remote-kit-standalone__header remote-kit-standalone__header--light'
      : 'remote-kit-standalone__header';
  return (
    <BrowserRouter>
      <header className={headerClass}>
        <Link to="/" className="remote-kit-standalone__brand">
          {title}
        </Link>
        <span className="remote-kit-standalone__tag">standalone</span>
        {aside ? <div className="remote-kit-standalone__aside">{aside}</div> : null}
      </header>
      <main>
        <Routes>{children}</Routes>
      </main>
    </BrowserRouter>
  );
}
