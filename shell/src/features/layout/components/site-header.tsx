import { Link, NavLink } from 'react-router';
import { RemoteSlot } from '../../remotes';

const NAV = [
  { to: '/', label: 'Catalog', end: true },
  { to: '/cart', label: 'Cart', end: false },
  { to: '/account', label: 'Account', end: false },
  { to: '/ops', label: 'Ops', end: false },
];

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'shell-nav-link shell-nav-link-active' : 'shell-nav-link';
}

/** Brand, main navigation, the cart badge and the account menu (each a compact remote slot). */
export function SiteHeader() {
  return (
    <header className="shell-header">
      <div className="shell-header-inner">
        <Link to="/" className="shell-brand">
          Storefront
        </Link>
        <nav className="shell-nav" aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end} className={navClass}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="shell-header-slots">
          {/* Each fails alone into a small inline hint; the brand and navigation always work. */}
          <div className="shell-header-slot" data-slot="cart-badge">
            <RemoteSlot remote="cart" module="./CartBadge" title="Cart" compact />
          </div>
          <div className="shell-header-slot" data-slot="account-menu">
            <RemoteSlot remote="account" module="./AccountMenu" title="Account" compact />
          </div>
        </div>
      </div>
    </header>
  );
}
