import { useState } from 'react';
import { killProcess } from '../api/faults-api';
import { POLL_MS, type ProcessesView, type RestartNotice, useProcesses } from '../api/use-processes';
import { Feedback, type FeedbackMessage, useAction } from './feedback';
import { formatAgo } from './format';
import { describeExit, ProcessRow } from './process-row';
import './ops-tables.css';

/** "bff-1 was restarted (SIGKILL) 3 s ago", one sentence per process restarted between two polls. */
export function noticeText({ processes, seenAt }: RestartNotice): string {
  return processes
    .map((process) => {
      const exit = process.lastExit;
      const how = exit ? ` (${describeExit(exit)}) ${formatAgo(seenAt - Date.parse(exit.at))}` : '';
      return `${process.name} was restarted${how}`;
    })
    .join('. ');
}

/** The table, or why there is none yet. */
function ProcessTable({
  view,
  demo,
  confirming,
  busy,
  setConfirming,
  kill,
}: {
  view: ProcessesView;
  demo: boolean;
  confirming: string | null;
  busy: boolean;
  setConfirming: (name: string | null) => void;
  kill: (name: string) => void;
}) {
  const { processes, receivedAt, error, notice } = view;
  if (processes === null || receivedAt === null) {
    return (
      <p className="shell-ops-muted">
        {error ? `The processes cannot be loaded: ${error}; retrying…` : 'Loading the processes…'}
      </p>
    );
  }
  const restarted = new Set(notice?.processes.map((process) => process.name));
  return (
    <>
      {/* Not an alert: the last list stays useful while the BFF that answers restarts. */}
      {error && <p className="shell-ops-muted">Cannot refresh the processes: {error}; retrying…</p>}
      <table className="shell-ops-table" aria-label="Supervised processes">
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">State</th>
            <th scope="col">PID</th>
            <th scope="col">Restarts</th>
            <th scope="col">Last exit</th>
            {demo && <th scope="col">Fault injection</th>}
          </tr>
        </thead>
        <tbody>
          {processes.map((process) => (
            <ProcessRow
              key={process.name}
              process={process}
              receivedAt={receivedAt}
              restarted={restarted.has(process.name)}
              kill={
                demo
                  ? {
                      confirming: confirming === process.name,
                      busy,
                      onAsk: () => setConfirming(process.name),
                      onConfirm: () => kill(process.name),
                      onCancel: () => setConfirming(null),
                    }
                  : null
              }
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The stack's processes as the supervisor sees them, polled while the console is open, with each restart
 * announced; in demo mode each can be killed to watch the supervisor bring it back.
 */
export function ProcessesPanel({ demo, pollMs = POLL_MS }: { demo: boolean; pollMs?: number }) {
  const { view, refresh } = useProcesses(pollMs);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const { busy, run } = useAction(setMessage);

  async function kill(name: string) {
    setConfirming(null);
    await run(() => killProcess(name), `Killed ${name}; the supervisor restarts it`);
    // See the backoff and the restart now rather than at the next tick.
    refresh();
  }

  return (
    <section className="shell-ops-processes" aria-labelledby="shell-ops-processes-title">
      <h2 id="shell-ops-processes-title">Processes</h2>
      {/* Always present so screen readers hear each restart; the text only changes when one is noticed. */}
      <p className="shell-ops-restart-notice" role="status" aria-live="polite">
        {view.notice ? noticeText(view.notice) : ''}
      </p>
      {view.unsupervised ? (
        <p className="shell-ops-note">No supervisor runs this stack (npm start runs one)</p>
      ) : (
        <>
          {demo && <Feedback message={message} />}
          <ProcessTable
            view={view}
            demo={demo}
            confirming={confirming}
            busy={busy}
            setConfirming={setConfirming}
            kill={(name) => void kill(name)}
          />
        </>
      )}
    </section>
  );
}
