import type { ProcessExit, ProcessStatus } from '@storefront/contract/browser';
import { useEffect, useRef } from 'react';
import { formatAgo } from './format';

/** "SIGKILL", "code 1": how a process last ended. */
export function describeExit(exit: ProcessExit): string {
  if (exit.signal) return exit.signal;
  return exit.code === null ? 'exit' : `code ${exit.code}`;
}

/** "SIGKILL · 3 s ago", measured on the client's clock at `receivedAt` (the stack runs beside the browser). */
export function lastExitText(exit: ProcessExit | null, receivedAt: number): string {
  if (exit === null) return '–';
  return `${describeExit(exit)} · ${formatAgo(receivedAt - Date.parse(exit.at))}`;
}

/** Kill, then a confirm step in place of the button: a kill takes the process down for real. */
function KillControl({
  name,
  canKill,
  confirming,
  busy,
  onAsk,
  onConfirm,
  onCancel,
}: {
  name: string;
  canKill: boolean;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The Kill button is gone once asked: keep keyboard users where the decision is.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        type="button"
        className="shell-button shell-button-small"
        // Nothing to kill while the supervisor waits to restart it (no pid).
        disabled={busy || !canKill}
        aria-label={`Kill ${name}`}
        onClick={onAsk}
      >
        Kill
      </button>
    );
  }
  return (
    <span className="shell-ops-kill-confirm">
      <span>SIGKILL {name}?</span>
      <button
        ref={confirmButton}
        type="button"
        className="shell-button shell-button-small"
        disabled={busy}
        aria-label={`Confirm kill ${name}`}
        onClick={onConfirm}
      >
        Kill now
      </button>
      <button
        type="button"
        className="shell-button shell-button-small shell-ops-button-secondary"
        aria-label={`Cancel kill ${name}`}
        onClick={onCancel}
      >
        Cancel
      </button>
    </span>
  );
}

/** One supervised process; highlighted while its restart is announced. */
export function ProcessRow({
  process,
  receivedAt,
  restarted,
  kill,
}: {
  process: ProcessStatus;
  receivedAt: number;
  restarted: boolean;
  /** Demo mode only: the kill controls of this row. */
  kill: {
    confirming: boolean;
    busy: boolean;
    onAsk: () => void;
    onConfirm: () => void;
    onCancel: () => void;
  } | null;
}) {
  const { name, state, pid, restarts, lastExit } = process;
  return (
    <tr className="shell-ops-process" data-restarted={restarted ? 'true' : 'false'}>
      <th scope="row">{name}</th>
      <td>
        <span className="shell-ops-process-state" data-state={state}>
          {state}
        </span>
      </td>
      <td>{pid ?? '–'}</td>
      <td>{restarts}</td>
      <td>{lastExitText(lastExit, receivedAt)}</td>
      {kill && (
        <td>
          <KillControl name={name} canKill={pid !== null} {...kill} />
        </td>
      )}
    </tr>
  );
}
