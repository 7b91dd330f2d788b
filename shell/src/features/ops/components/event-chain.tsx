import type { OpsEvent } from '@storefront/contract/browser';
import { formatClock } from './format';

/** "350 ms", "2.4 s": the time between two steps of a flow. */
export function formatGap(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One flow's events in the order they happened: who published what, when, caused by what, how long after. */
export function EventChain({ correlationId, events }: { correlationId: string; events: OpsEvent[] }) {
  if (events.length === 0) {
    return (
      <p className="shell-ops-muted">
        No event of {correlationId} among the events this BFF keeps (the last 500 of each service).
      </p>
    );
  }
  const byId = new Map(events.map((event) => [event.id, event]));
  return (
    <table className="shell-ops-table shell-ops-events-table">
      <caption>Chain of {correlationId}, in order</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Time</th>
          <th scope="col">Service</th>
          <th scope="col">Event</th>
          <th scope="col">Caused by</th>
          <th scope="col">After the previous step</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event, index) => {
          const previous = events[index - 1];
          const cause = event.causationId === null ? null : byId.get(event.causationId);
          return (
            <tr key={event.id}>
              <th scope="row">{index + 1}</th>
              <td>
                <time dateTime={event.occurredAt}>{formatClock(event.occurredAt)}</time>
              </td>
              <td>{event.service}</td>
              <td>{event.type}</td>
              <td>{event.causationId === null ? 'a request' : (cause?.type ?? 'an earlier event')}</td>
              <td>
                {previous ? formatGap(Date.parse(event.occurredAt) - Date.parse(previous.occurredAt)) : '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
