import { Link, NavLink } from 'react-router';

const NAV = [
  { to: '/', label: 'Catalog', end: true },
  { to: '/cart', label: 'Cart', end: false },
  { to: '/account', label: 'Account', end: false },
];

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'shell-nav-link shell-nav-link-active' : 'shell-nav-link';
}

/** Brand, main navigation and the (still empty) places for the cart badge and the account menu. */
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
          {/* Filled by the cart and account remotes once they exist. */}
          <div className="shell-header-slot" data-slot="cart-badge" />
          <div className="shell-header-slot" data-slot="account-menu" />
        </div>
      </div>
    </header>
  );
}
