import { Link } from 'react-router';

/** A page kept for a remote that does not exist yet. */
export function ComingSoonPage({ title }: { title: string }) {
  return (
    <section className="shell-page-message">
      <h1>{title}</h1>
      <p>Coming soon.</p>
      <Link to="/" className="shell-button shell-button-link">
        Back to the catalog
      </Link>
    </section>
  );
}
