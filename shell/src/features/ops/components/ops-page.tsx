import type { OpsStreamState } from '../api/use-ops-stream';
import { useOpsStream } from '../api/use-ops-stream';
import { useUpstreamHistory } from '../api/use-upstream-history';
import { AvailabilityPanel } from './availability-panel';
import { CheckoutModeSwitch } from './checkout-mode-switch';
import { EventsPanel } from './events-panel';
import { FaultsPanel } from './faults-panel';
import { formatClock } from './format';
import { NotificationsBanner, NotificationsPanel } from './notifications-panel';
import { ProcessesPanel } from './processes-panel';
import { ReplicaGrid, replicaColumns } from './replica-grid';
import { ScenariosPanel } from './scenarios-panel';
import { TracesPanel } from './traces-panel';
import { UpstreamCard } from './upstream-card';
import { useNow } from './use-now';

function statusText({ status, snapshot }: OpsStreamState): string {
  const last = snapshot ? ` (showing the snapshot of ${formatClock(snapshot.at)})` : '';
  switch (status) {
    case 'connecting':
      return 'Connecting to the live stream…';
    case 'live':
      return snapshot
        ? `Live · updated ${formatClock(snapshot.at)}`
        : 'Live · waiting for the first snapshot…';
    case 'reconnecting':
      return `Reconnecting…${last}`;
    case 'unsupported':
      return 'This browser cannot follow the live stream (no EventSource).';
  }
}

/**
 * The live resilience console: every breaker of every BFF replica and every fault target, from `/api/ops/stream`,
 * the supervised processes and the services' domain events (both polled).
 */
export function OpsPage() {
  const stream = useOpsStream();
  const { snapshot, receivedAt, status } = stream;
  const history = useUpstreamHistory(snapshot);
  const scenario = snapshot?.faults.scenario ?? null;
  // The clock only ticks for what counts down: an open breaker, a fault with an expiry, a running scenario.
  const counting =
    !!snapshot &&
    (replicaColumns(snapshot).some((replica) => replica.upstreams.some(({ state }) => state === 'open')) ||
      snapshot.faults.targets.some((target) => target.fault?.expiresAt) ||
      scenario !== null);
  const now = useNow(counting);
  const elapsedMs = receivedAt === null ? 0 : Math.max(0, now - receivedAt);

  return (
    <div className="shell-ops">
      <div className="shell-ops-head">
        <h1 className="shell-ops-title">Resilience console</h1>
        <p className="shell-ops-status" role="status" data-status={status}>
          <span className="shell-ops-status-dot" aria-hidden="true" />
          {statusText(stream)}
        </p>
      </div>

      {snapshot?.notifications && <NotificationsBanner notifications={snapshot.notifications} />}

      <section className="shell-ops-breakers" aria-labelledby="shell-ops-breakers-title">
        <h2 id="shell-ops-breakers-title">Breakers</h2>
        {snapshot === null ? (
          <p className="shell-ops-muted">Waiting for the first snapshot…</p>
        ) : snapshot.upstreams.length === 0 ? (
          <p className="shell-ops-muted">No upstream reported.</p>
        ) : (
          <>
            <ReplicaGrid snapshot={snapshot} elapsedMs={elapsedMs} />
            <div className="shell-ops-grid">
              {snapshot.upstreams.map((upstream) => (
                <UpstreamCard
                  key={upstream.name}
                  upstream={upstream}
                  elapsedMs={elapsedMs}
                  history={history[upstream.name]}
                />
              ))}
            </div>
          </>
        )}
      </section>

      <AvailabilityPanel snapshot={snapshot} />

      <NotificationsPanel snapshot={snapshot} />

      {/* The kill route is the fault API's: offered when it is (demo mode, fault proxy up). */}
      <ProcessesPanel demo={snapshot?.faults.available === true} />

      <TracesPanel />

      <FaultsPanel faults={snapshot?.faults ?? null} serverNow={snapshot?.at ?? ''} elapsedMs={elapsedMs} />

      {/* Hidden with fault injection off: the Faults section's note already says why. */}
      {snapshot?.faults.available && (
        <ScenariosPanel running={scenario} serverNow={snapshot.at} elapsedMs={elapsedMs} />
      )}

      {/* The switch is a fault API write: offered when the fault API is (demo mode, fault proxy up). */}
      <CheckoutModeSwitch demo={snapshot?.faults.available === true} />

      <EventsPanel />
    </div>
  );
}
