import type { OpsEvent } from '@storefront/contract/browser';
import { formatClock, formatLag } from './format';

/** "350 ms", "2.4 s": the time between two steps of a flow. */
export function formatGap(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "catalog.orders after 0.3 s": each consumer that handled the event, and how long after it was published. */
export function consumptionTexts(event: Pick<OpsEvent, 'occurredAt' | 'consumedBy'>): string[] {
  const published = Date.parse(event.occurredAt);
  return event.consumedBy.map(
    ({ consumer, at }) => `${consumer} after ${formatLag(Date.parse(at) - published)}`,
  );
}

/** Who consumed the event: a list when someone did, a dash otherwise. */
function ConsumedBy({ event }: { event: OpsEvent }) {
  const texts = consumptionTexts(event);
  if (texts.length === 0) return <>–</>;
  return (
    <ul className="shell-ops-consumed" aria-label={`Consumers of ${event.type}`}>
      {texts.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  );
}

/**
 * One flow's events in the order they happened: who published what, when, caused by what, how long after, and who
 * consumed it how long after it was published.
 */
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
          <th scope="col">Consumed by</th>
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
              <td>
                <ConsumedBy event={event} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
