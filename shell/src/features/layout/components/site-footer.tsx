import { Link } from 'react-router';
import { useRegistry } from '../../registry';

function Releases() {
  const { state } = useRegistry();
  if (state.status === 'loading') return <span className="shell-footer-muted">Loading releases…</span>;
  if (state.status === 'error')
    return <span className="shell-footer-muted">Remote registry unavailable</span>;
  const remotes = Object.entries(state.registry.remotes);
  if (remotes.length === 0) return <span className="shell-footer-muted">No remotes registered</span>;
  return (
    <ul className="shell-releases" aria-label="Remote releases">
      {remotes.map(([name, remote]) => (
        <li key={name} className="shell-release">
          <span className="shell-release-name">{name}</span> <code>{remote.release ?? 'unknown'}</code>
        </li>
      ))}
    </ul>
  );
}

/** Which release of each remote is live, and links to the resilience console and the BFF's raw breaker states. */
export function SiteFooter() {
  return (
    <footer className="shell-footer">
      <div className="shell-footer-inner">
        <Releases />
        <span className="shell-footer-links">
          <Link className="shell-footer-link" to="/ops">
            Resilience status
          </Link>
          {/* A plain link: this is JSON from the BFF, not a client-side route. The name holds the visible "JSON"
              outside parentheses (axe reads a parenthetical as not part of the name, WCAG 2.5.3). */}
          <a
            className="shell-footer-link shell-footer-link-small"
            href="/api/resilience"
            aria-label="Resilience status as JSON"
          >
            JSON
          </a>
        </span>
      </div>
    </footer>
  );
}
