import type { BreakerSettings, HistorySample, OpsUpstream } from '@storefront/contract/browser';
import { formatClock, formatDuration, formatNumber } from './format';
import { UpstreamHistory } from './upstream-history';

const TIMELINE_LENGTH = 10;

/** The breaker's opening rule in words, so the card says which kind of breaker the numbers feed. */
export function describeBreaker(breaker: BreakerSettings): string {
  if (breaker.kind === 'sampling') {
    const percent = formatNumber((breaker.errorRate ?? 0) * 100);
    const seconds = formatNumber((breaker.windowMs ?? 0) / 1000);
    return `opens at ${percent} % errors over ${seconds} s, ≥ ${breaker.minCalls ?? 0} calls`;
  }
  const threshold = breaker.threshold ?? 0;
  if (threshold === 0) return 'breaker off (never opens)';
  return `opens after ${threshold} consecutive failure${threshold === 1 ? '' : 's'}`;
}

/** One upstream's breaker: state, countdown, rolling window, its last minutes, counters and recent transitions. */
export function UpstreamCard({
  upstream,
  elapsedMs,
  history,
}: {
  upstream: OpsUpstream;
  elapsedMs: number;
  /** Its samples of the last minutes (oldest first); no charts without. */
  history?: readonly HistorySample[];
}) {
  const { name, state, window, counts } = upstream;
  const retryLeft = upstream.retryAfterMs - elapsedMs;
  const recent = upstream.transitions.slice(-TIMELINE_LENGTH).reverse();
  const figures: Array<[string, string]> = [
    ['Error rate', `${formatNumber(window.errorPercent)} %`],
    ['Requests / s', formatNumber(window.ratePerSec)],
    ['p50', `${formatNumber(window.p50Ms)} ms`],
    ['p95', `${formatNumber(window.p95Ms)} ms`],
    ['p99', `${formatNumber(window.p99Ms)} ms`],
  ];
  const counters: Array<[string, number]> = [
    ['Successful', counts.successful],
    ['Failed', counts.failed],
    ['Timeouts', counts.timeout],
    ['Short-circuited', counts.notPermitted],
    ['Retries', counts.retries],
    ['Fallbacks served', counts.fallback],
    ['Rejected', counts.rejected],
  ];

  return (
    <section className="shell-ops-card" aria-label={`${name} breaker`} data-state={state}>
      <header className="shell-ops-card-header">
        <h3 className="shell-ops-card-title">{name}</h3>
        <span className="shell-ops-badge" data-state={state}>
          {state}
        </span>
      </header>
      {upstream.breaker && (
        <p className="shell-ops-muted" data-breaker-kind={upstream.breaker.kind}>
          {upstream.breaker.kind === 'sampling' ? 'Sampling breaker' : 'Consecutive breaker'}:{' '}
          {describeBreaker(upstream.breaker)}
        </p>
      )}
      {state === 'open' && (
        <p className="shell-ops-retry">
          Next probe in <strong>{formatDuration(retryLeft)}</strong>
        </p>
      )}
      <h4 className="shell-ops-subtitle">Last {window.seconds} s</h4>
      <dl className="shell-ops-figures">
        {figures.map(([label, value]) => (
          <div key={label} className="shell-ops-figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {history && history.length > 0 && (
        <>
          <h4 className="shell-ops-subtitle">Last 10 min</h4>
          <UpstreamHistory name={name} samples={history} />
        </>
      )}
      <h4 className="shell-ops-subtitle">Calls</h4>
      <dl className="shell-ops-counts">
        {counters.map(([label, value]) => (
          <div key={label} className="shell-ops-count">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h4 className="shell-ops-subtitle">Transitions</h4>
      {recent.length === 0 ? (
        <p className="shell-ops-muted">No transition yet.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls (max-height); keyboard users must reach it (axe).
        <ol className="shell-ops-timeline" aria-label={`${name} transitions`} tabIndex={0}>
          {recent.map((transition) => (
            <li
              key={`${transition.at}-${transition.from}-${transition.to}`}
              className="shell-ops-timeline-item"
            >
              <time dateTime={transition.at}>{formatClock(transition.at)}</time>{' '}
              <span className="shell-ops-transition">
                <span data-state={transition.from}>{transition.from}</span> →{' '}
                <span data-state={transition.to}>{transition.to}</span>
              </span>{' '}
              <span className="shell-ops-reason">{transition.reason}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
