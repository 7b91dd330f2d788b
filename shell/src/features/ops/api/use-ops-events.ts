import type { OpsEventsAnswer } from '@storefront/contract/browser';
import { useEffect, useState } from 'react';
import { FaultApiError, listOpsEvents, messageOf } from './faults-api';
import { usePoll } from './use-poll';
import { POLL_MS } from './use-processes';

/** Events one poll asks for: the newest of the stream, or a whole flow's chain. */
export const EVENTS_LIMIT = 50;

/** What the events panel shows. */
export interface OpsEventsView {
  /** The last answer for the current filter; kept while polls fail so the table does not blank. */
  answer: OpsEventsAnswer | null;
  /** Why the last poll failed, null when it worked. */
  error: string | null;
}

const INITIAL: OpsEventsView = { answer: null, error: null };

/** `GET /api/ops/events`, newest `EVENTS_LIMIT` of all services or of one correlation id. */
export async function fetchOpsEvents(correlationId: string | null): Promise<OpsEventsAnswer> {
  const query = new URLSearchParams({ limit: String(EVENTS_LIMIT) });
  if (correlationId) query.set('correlationId', correlationId);
  const data = await listOpsEvents(query);
  const answer = data as Partial<OpsEventsAnswer> | null;
  if (!Array.isArray(answer?.events) || !Array.isArray(answer.services)) {
    throw new FaultApiError('INVALID_ANSWER', 'The events view answered in an unexpected shape', 200);
  }
  // A replica older than the consumers (a rolling restart) answers without them: its events still show.
  const { events, services, meta } = data as OpsEventsAnswer;
  return {
    events: events.map((event) => ({ ...event, consumedBy: event.consumedBy ?? [] })),
    services,
    consumers: Array.isArray(answer.consumers) ? answer.consumers : [],
    consumerServices: Array.isArray(answer.consumerServices) ? answer.consumerServices : [],
    meta,
  };
}

/**
 * Polls the events view every `pollMs` while mounted (backing off on errors), for the whole stream or, with a
 * `correlationId`, that flow's chain. A change of filter starts over; only the latest poll's answer counts.
 */
export function useOpsEvents(correlationId: string | null, pollMs = POLL_MS): OpsEventsView {
  const [view, setView] = useState<OpsEventsView>(INITIAL);

  // Another filter (or pace) blanks the view before its loop starts over: the old filter's rows must not linger.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter or pace is what resets the view.
  useEffect(() => setView(INITIAL), [correlationId, pollMs]);
  usePoll(
    {
      read: () => fetchOpsEvents(correlationId),
      answered: (answer) => setView({ answer, error: null }),
      failed: (error) => setView((previous) => ({ ...previous, error: messageOf(error) })),
    },
    pollMs,
    correlationId,
  );

  return view;
}
