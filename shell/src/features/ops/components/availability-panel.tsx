import type { Availability, OpsSnapshot } from '@storefront/contract/browser';
import { SnapshotMissing } from './snapshot-missing';
import './availability.css';
import './ops-tables.css';

const SUBSCRIPTS = ['₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
const COUNT_WORDS = ['none', 'one', 'both', 'all three', 'all four', 'all five'];

/**
 * A share (0..1) as a percentage, rounded down so an outage is never rounded away: 99.99 % of calls is not 100 %.
 * Two decimals from 99 % up, where the nines are what matters; "—" when nothing was counted.
 */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  if (share >= 1) return '100 %';
  const percent = share * 100;
  if (percent >= 99) return `${(Math.floor(percent * 100) / 100).toFixed(2)} %`;
  return `${(Math.floor(percent * 10) / 10).toFixed(1)} %`;
}

/** "last 5 min" or "last 90 s". */
function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `last ${seconds / 60} min` : `last ${seconds} s`;
}

function count(value: number, unit: string): string {
  return `${value.toLocaleString('en-GB')} ${unit}${value === 1 ? '' : 's'}`;
}

function Figures({ availability }: { availability: Availability }) {
  const { upstreams, pageUpstreams, naivePage, shopperSeen, liveOnly, pageReads } = availability;
  const factorOf = (name: string) => pageUpstreams.indexOf(name);
  const factors = pageUpstreams.map((_name, index) => `P${SUBSCRIPTS[index] ?? index + 1}`);
  const needing = COUNT_WORDS[pageUpstreams.length] ?? `all ${pageUpstreams.length}`;
  const gain = shopperSeen !== null && liveOnly !== null ? (shopperSeen - liveOnly) * 100 : null;
  return (
    <>
      <table className="shell-ops-table" aria-label="Availability per upstream">
        <thead>
          <tr>
            <th scope="col">Upstream</th>
            <th scope="col">Availability</th>
            <th scope="col">Live answers / calls asked</th>
          </tr>
        </thead>
        <tbody>
          {upstreams.map((upstream) => {
            const factor = factorOf(upstream.name);
            return (
              <tr key={upstream.name}>
                <th scope="row">
                  {upstream.name}
                  {factor >= 0 && (
                    <>
                      {' '}
                      <span className="shell-ops-availability-factor">({factors[factor]})</span>
                    </>
                  )}
                </th>
                <td data-share={upstream.availability ?? 'none'}>{formatShare(upstream.availability)}</td>
                <td>
                  {upstream.calls === 0
                    ? 'no calls'
                    : `${upstream.successful.toLocaleString('en-GB')} / ${count(upstream.calls, 'call')}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="shell-ops-availability-line" data-figure="naive-page">
        A page needing {needing} live: {factors.join('·')} = <strong>{formatShare(naivePage)}</strong>
      </p>
      <p className="shell-ops-availability-line" data-figure="shopper-seen">
        Shoppers saw: <strong>{formatShare(shopperSeen)}</strong> (live or saved) · live only{' '}
        <strong>{formatShare(liveOnly)}</strong>
        {gain !== null && gain > 0 && (
          <> · saved copies added {(Math.round(gain * 10) / 10).toFixed(1)} points</>
        )}
      </p>
      <p className="shell-ops-muted">
        Shoppers saw: the share of their page reads ({count(pageReads.total, 'read')}) that came back with
        data, live or from a saved copy shown in a degraded widget; live only leaves the saved copies out. The
        naive product is what a page would get if any one upstream failing failed it. Summed over{' '}
        {availability.replicas.join(', ')}.
      </p>
    </>
  );
}

/** Availability as the lecture computes it, over the BFF's last minutes (docs/observability.md, "Availability"). */
export function AvailabilityPanel({ snapshot }: { snapshot: OpsSnapshot | null }) {
  const availability = snapshot?.availability ?? null;
  return (
    <section className="shell-ops-availability" aria-labelledby="shell-ops-availability-title">
      <h2 id="shell-ops-availability-title">
        Availability ({windowText(availability?.windowSeconds ?? 300)})
      </h2>
      {availability === null ? (
        <SnapshotMissing snapshot={snapshot} part="availability (a version from before it)" />
      ) : (
        <Figures availability={availability} />
      )}
    </section>
  );
}
