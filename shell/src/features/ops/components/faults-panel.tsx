import type { FaultTarget } from '@storefront/contract/browser';
import { useState } from 'react';
import { clearAllFaults } from '../api/faults-api';
import { useFaultTypes } from '../api/use-fault-types';
import { FaultRow } from './fault-row';
import { Feedback, type FeedbackMessage, type Report, useAction } from './feedback';

/**
 * The targets with their controls. Mounted only while fault injection is available, so the fault types are asked
 * for once per availability; without them the targets and Clear still work.
 */
function FaultList({
  targets,
  serverNow,
  elapsedMs,
  report,
}: {
  targets: FaultTarget[];
  serverNow: string;
  elapsedMs: number;
  report: Report;
}) {
  const { state, retry } = useFaultTypes();
  return (
    <>
      {state.status === 'loading' && <p className="shell-ops-muted">Loading the fault types…</p>}
      {state.status === 'failed' && (
        // Not an alert: nobody asked for it, and the rest of the console keeps working.
        <div className="shell-ops-note">
          <p className="shell-ops-muted">Fault types cannot be loaded: {state.message}</p>
          <button
            type="button"
            className="shell-button shell-button-small"
            aria-label="Retry loading the fault types"
            onClick={retry}
          >
            Retry
          </button>
        </div>
      )}
      <ul className="shell-ops-fault-list">
        {targets.map((target) => (
          <FaultRow
            key={target.name}
            target={target}
            types={state.status === 'loaded' ? state.data : null}
            serverNow={serverNow}
            elapsedMs={elapsedMs}
            report={report}
          />
        ))}
      </ul>
    </>
  );
}

/** The fault proxy's targets with their active fault, and the controls to change it. */
export function FaultsPanel({
  faults,
  serverNow,
  elapsedMs,
}: {
  faults: { available: boolean; targets: FaultTarget[] } | null;
  serverNow: string;
  elapsedMs: number;
}) {
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const { busy: clearing, run } = useAction(setMessage);

  return (
    <section className="shell-ops-faults" aria-labelledby="shell-ops-faults-title">
      <div className="shell-ops-section-head">
        <h2 id="shell-ops-faults-title">Faults</h2>
        {faults?.available && (
          <button
            type="button"
            className="shell-button shell-button-small"
            disabled={clearing}
            onClick={() => void run(clearAllFaults, 'Cleared every fault')}
          >
            Clear all faults
          </button>
        )}
      </div>
      {faults === null ? (
        <p className="shell-ops-muted">Waiting for the first snapshot…</p>
      ) : !faults.available ? (
        <p className="shell-ops-note">
          Fault injection is off (demo mode disabled or fault proxy not running)
        </p>
      ) : (
        <>
          <Feedback message={message} />
          <FaultList
            targets={faults.targets}
            serverNow={serverNow}
            elapsedMs={elapsedMs}
            report={setMessage}
          />
        </>
      )}
    </section>
  );
}
