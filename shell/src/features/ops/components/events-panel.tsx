import type { OpsEvent, OpsEventSource } from '@storefront/contract/browser';
import { useState } from 'react';
import { useOpsEvents } from '../api/use-ops-events';
import { POLL_MS } from '../api/use-processes';
import { ConsumersTable } from './consumers-table';
import { EventChain } from './event-chain';
import { formatClock } from './format';
import './ops-tables.css';

/** Each service's feed: available, or shown as unavailable (its events read earlier stay listed). */
function FeedStates({ services }: { services: OpsEventSource[] }) {
  return (
    <ul className="shell-ops-feeds" aria-label="Event feeds">
      {services.map(({ service, available }) => (
        <li key={service} data-available={available}>
          {service}: {available ? 'available' : 'unavailable'}
        </li>
      ))}
    </ul>
  );
}

/** The stream, newest first; a correlation id opens its flow's chain. */
function EventStream({ events, onSelect }: { events: OpsEvent[]; onSelect: (id: string) => void }) {
  if (events.length === 0) return <p className="shell-ops-muted">No event published yet.</p>;
  return (
    <table className="shell-ops-table shell-ops-events-table">
      <caption>Recent events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Service</th>
          <th scope="col">Event</th>
          <th scope="col">Correlation id</th>
        </tr>
      </thead>
      <tbody>
        {[...events].reverse().map((event) => (
          <tr key={event.id}>
            <td>
              <time dateTime={event.occurredAt}>{formatClock(event.occurredAt)}</time>
            </td>
            <td>{event.service}</td>
            <td>{event.type}</td>
            <td>
              <button
                type="button"
                className="shell-ops-link"
                aria-label={`Show the chain of ${event.correlationId}`}
                onClick={() => onSelect(event.correlationId)}
              >
                {event.correlationId}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The domain events the services published through their outboxes and the consumers reading them (issue 13),
 * polled every 2 s; filtered by a correlation id, one flow's chain in order with who consumed each step.
 */
export function EventsPanel({ pollMs = POLL_MS }: { pollMs?: number }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const { answer, error } = useOpsEvents(selected, pollMs);

  function show(correlationId: string | null) {
    setSelected(correlationId);
    setDraft(correlationId ?? '');
  }

  return (
    <section className="shell-ops-events" aria-labelledby="shell-ops-events-title">
      <h2 id="shell-ops-events-title">Events</h2>
      <form
        className="shell-ops-events-filter"
        aria-label="Filter events by flow"
        onSubmit={(event) => {
          event.preventDefault();
          show(draft.trim() || null);
        }}
      >
        <label htmlFor="shell-ops-events-correlation">Correlation id</label>
        <input
          id="shell-ops-events-correlation"
          value={draft}
          maxLength={128}
          spellCheck={false}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Show chain</button>
        {selected !== null && (
          <button type="button" onClick={() => show(null)}>
            Show all events
          </button>
        )}
      </form>
      {error && <p className="shell-ops-muted">Cannot refresh the events: {error}; retrying…</p>}
      {answer === null ? (
        !error && <p className="shell-ops-muted">Loading the events…</p>
      ) : (
        <>
          <FeedStates services={answer.services} />
          <ConsumersTable consumers={answer.consumers} services={answer.consumerServices} />
          {selected === null ? (
            <EventStream events={answer.events} onSelect={show} />
          ) : (
            <EventChain correlationId={selected} events={answer.events} />
          )}
        </>
      )}
    </section>
  );
}
