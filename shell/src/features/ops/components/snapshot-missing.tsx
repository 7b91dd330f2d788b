import type { OpsSnapshot } from '@storefront/contract/browser';

/**
 * Why a panel fed by one part of the ops snapshot has nothing to show: no snapshot yet, or the answering replica
 * is a version from before that part (`part` names it, e.g. "availability (a version from before it)").
 */
export function SnapshotMissing({ snapshot, part }: { snapshot: OpsSnapshot | null; part: string }) {
  return (
    <p className="shell-ops-muted">
      {snapshot === null
        ? 'Waiting for the first snapshot…'
        : `BFF replica ${snapshot.replica} does not report ${part}.`}
    </p>
  );
}
