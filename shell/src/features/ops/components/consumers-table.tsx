import type { OpsConsumer, OpsConsumerService } from '@storefront/contract/browser';
import { formatLag } from './format';

/** "3 events · 2.4 s", "caught up", or "unknown" when the publisher's head is not known. */
export function lagText({ lag, lagMs }: Pick<OpsConsumer, 'lag' | 'lagMs'>): string {
  if (lag === null) return 'unknown';
  if (lag === 0) return 'caught up';
  const events = `${lag} ${lag === 1 ? 'event' : 'events'}`;
  return lagMs === null ? events : `${events} · ${formatLag(lagMs)}`;
}

/** The events a consumer is stuck on, each with its attempts and last error. */
function Failing({ consumer }: { consumer: OpsConsumer }) {
  if (consumer.failing.length === 0) return <>0</>;
  return (
    <>
      <strong>{consumer.failing.length}</strong>
      <ul className="shell-ops-failing" aria-label={`Failing events of ${consumer.consumer}`}>
        {consumer.failing.map((event) => (
          <li key={event.eventId}>
            {event.type} ({event.attempts} {event.attempts === 1 ? 'attempt' : 'attempts'}): {event.lastError}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Every service's event consumers: which publisher each reads and how, how far behind it is, what it cannot
 * handle. A row's accessible name is the consumer's name (e.g. `catalog.orders`).
 */
export function ConsumersTable({
  consumers,
  services,
}: {
  consumers: OpsConsumer[];
  services: OpsConsumerService[];
}) {
  const silent = services.filter((service) => !service.available).map((service) => service.service);
  return (
    <>
      {silent.length > 0 && (
        <p className="shell-ops-muted">
          Consumer status unavailable from {silent.join(', ')} (its consumers as last seen).
        </p>
      )}
      {consumers.length === 0 ? (
        <p className="shell-ops-muted">No consumer reported.</p>
      ) : (
        <table className="shell-ops-table shell-ops-events-table">
          <caption>Event consumers</caption>
          <thead>
            <tr>
              <th scope="col">Consumer</th>
              <th scope="col">From → to</th>
              <th scope="col">Transport</th>
              <th scope="col">Position / head</th>
              <th scope="col">Lag</th>
              <th scope="col">Failing</th>
              <th scope="col">Transport error</th>
            </tr>
          </thead>
          <tbody>
            {consumers.map((consumer) => (
              <tr
                key={`${consumer.service}/${consumer.consumer}`}
                aria-label={consumer.consumer}
                data-stale={silent.includes(consumer.service)}
              >
                <th scope="row">
                  {consumer.consumer}
                  {!consumer.running && ' (stopped)'}
                </th>
                <td>
                  {consumer.source} → {consumer.service}
                </td>
                <td>{consumer.transport}</td>
                <td>
                  {consumer.position} / {consumer.head ?? '?'}
                </td>
                <td>{lagText(consumer)}</td>
                <td>
                  <Failing consumer={consumer} />
                </td>
                <td>{consumer.transportError ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
