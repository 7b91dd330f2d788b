import type { OpsSnapshot } from '@storefront/contract/browser';
import { formatDuration } from './format';
import './ops-tables.css';

type ReplicaBreakers = OpsSnapshot['replicas'][number];

/**
 * The replicas to show, the streaming one first. Its states come from `upstreams`, which transition events
 * update between snapshots, so its column never lags behind its cards. A BFF without peers sends no other
 * replica, and one older than replicas sends neither `replica` nor `replicas`: it is then the only column.
 */
export function replicaColumns(snapshot: OpsSnapshot): ReplicaBreakers[] {
  const own: ReplicaBreakers = {
    replica: typeof snapshot.replica === 'string' ? snapshot.replica : 'this BFF',
    available: true,
    upstreams: snapshot.upstreams.map(({ name, state, retryAfterMs }) => ({ name, state, retryAfterMs })),
  };
  const peers = Array.isArray(snapshot.replicas) ? snapshot.replicas : [];
  return [own, ...peers.filter((peer) => peer.replica !== own.replica)];
}

/** Every upstream any replica reports, in the order they first appear. */
function upstreamNames(columns: readonly ReplicaBreakers[]): string[] {
  return [...new Set(columns.flatMap((column) => column.upstreams.map((upstream) => upstream.name)))];
}

function Cell({ column, name, elapsedMs }: { column: ReplicaBreakers; name: string; elapsedMs: number }) {
  if (!column.available) {
    return (
      <td className="shell-ops-replica-state" data-state="unavailable">
        unavailable
      </td>
    );
  }
  const upstream = column.upstreams.find((candidate) => candidate.name === name);
  if (!upstream) {
    return (
      <td className="shell-ops-replica-state" data-state="unknown">
        not reported
      </td>
    );
  }
  return (
    <td className="shell-ops-replica-state" data-state={upstream.state}>
      {upstream.state}
      {upstream.state === 'open' && (
        <span className="shell-ops-replica-retry">
          {' '}
          · {formatDuration(upstream.retryAfterMs - elapsedMs)}
        </span>
      )}
    </td>
  );
}

/**
 * Each upstream's breaker in every BFF replica (rows: upstreams, columns: replicas), as the streaming replica
 * polled its peers for this snapshot: one replica's open breaker is not the whole story behind a balancer.
 */
export function ReplicaGrid({ snapshot, elapsedMs }: { snapshot: OpsSnapshot; elapsedMs: number }) {
  const columns = replicaColumns(snapshot);
  const streaming = columns[0]?.replica;
  const names = upstreamNames(columns);
  return (
    <div className="shell-ops-replicas">
      <p className="shell-ops-muted">
        This is the stream of <strong>{streaming}</strong>: the cards below show its breakers in detail; the
        grid shows every replica.
      </p>
      <table className="shell-ops-table" aria-label="Breakers per replica">
        <thead>
          <tr>
            <th scope="col">Upstream</th>
            {columns.map((column) => (
              <th key={column.replica} scope="col">
                {column.replica}
                {column.replica === streaming && <span className="shell-ops-muted"> (this stream)</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              {columns.map((column) => (
                <Cell key={column.replica} column={column} name={name} elapsedMs={elapsedMs} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
