import type { ProcessStatus } from '@storefront/contract/browser';
import { useState } from 'react';
import { FaultApiError, listProcesses, messageOf } from './faults-api';
import { usePoll } from './use-poll';

export { MAX_BACKOFF_MS, nextPollDelay } from './use-poll';

/** How often the processes are asked for while all is well. */
export const POLL_MS = 2000;
/** How long a restart stays announced and its row highlighted (one 2 s poll is too short to notice). */
export const RESTART_NOTICE_MS = 20_000;

/** A restart noticed between two polls: the process as it is now (its `lastExit` says how it died). */
export interface RestartNotice {
  processes: ProcessStatus[];
  /** Client clock of the poll that noticed it. */
  seenAt: number;
}

/** What the processes panel shows. */
export interface ProcessesView {
  /** The last list received; kept while polls fail, so a restarting BFF does not blank the table. */
  processes: ProcessStatus[] | null;
  /** Client clock of the last answer: "how long ago" counts from here. */
  receivedAt: number | null;
  /** The latest restarts noticed, while recent. */
  notice: RestartNotice | null;
  /** 503 SUPERVISOR_UNAVAILABLE: nothing supervises this stack (the BFF was started on its own). */
  unsupervised: boolean;
  /** Why the last poll failed, null when it worked. */
  error: string | null;
}

const INITIAL: ProcessesView = {
  processes: null,
  receivedAt: null,
  notice: null,
  unsupervised: false,
  error: null,
};

/** Whether an answer reads as a list of processes (an older BFF without the route answers something else). */
function isProcessList(answer: unknown): answer is { processes: ProcessStatus[] } {
  const processes = (answer as { processes?: unknown } | null)?.processes;
  return (
    Array.isArray(processes) &&
    processes.every(
      (process: Partial<ProcessStatus> | null) =>
        typeof process?.name === 'string' && typeof process.restarts === 'number',
    )
  );
}

/** The processes whose `restarts` grew since `previous` (none on the first answer: there is nothing to compare). */
export function restartedSince(previous: ProcessStatus[] | null, next: ProcessStatus[]): ProcessStatus[] {
  if (previous === null) return [];
  const before = new Map(previous.map((process) => [process.name, process.restarts]));
  return next.filter((process) => process.restarts > (before.get(process.name) ?? process.restarts));
}

function received(view: ProcessesView, processes: ProcessStatus[], at: number): ProcessesView {
  const restarted = restartedSince(view.processes, processes);
  const stillRecent = view.notice !== null && at - view.notice.seenAt < RESTART_NOTICE_MS;
  const notice =
    restarted.length > 0 ? { processes: restarted, seenAt: at } : stillRecent ? view.notice : null;
  return { processes, receivedAt: at, notice, unsupervised: false, error: null };
}

/**
 * Polls `GET /api/ops/processes` every `pollMs` while mounted (backing off on errors) and notices restarts between
 * polls. `refresh()` asks again at once (after a kill). Only the latest poll's answer counts: an older one, or one
 * arriving after unmount, is dropped and schedules nothing.
 */
export function useProcesses(pollMs = POLL_MS): { view: ProcessesView; refresh: () => void } {
  const [view, setView] = useState<ProcessesView>(INITIAL);
  const refresh = usePoll(
    {
      read: async () => {
        const answer: unknown = await listProcesses();
        if (!isProcessList(answer)) throw new Error('The BFF did not answer a list of processes');
        return answer.processes;
      },
      answered: (processes) => {
        const at = Date.now();
        setView((previous) => received(previous, processes, at));
      },
      failed: (error) => {
        const unsupervised = error instanceof FaultApiError && error.code === 'SUPERVISOR_UNAVAILABLE';
        setView((previous) =>
          unsupervised
            ? { ...INITIAL, unsupervised: true }
            : { ...previous, unsupervised: false, error: messageOf(error) },
        );
      },
    },
    pollMs,
  );
  return { view, refresh };
}
