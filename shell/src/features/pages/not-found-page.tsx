import { Link } from 'react-router';

/** Any URL without a route. */
export function NotFoundPage() {
  return (
    <section className="shell-page-message">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/" className="shell-button shell-button-link">
        Go to the catalog
      </Link>
    </section>
  );
}
