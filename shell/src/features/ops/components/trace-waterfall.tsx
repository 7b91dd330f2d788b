import type { TraceSpan } from '@storefront/contract/browser';
import type { CSSProperties } from 'react';
import type { TraceView } from '../api/use-traces';
import { formatSpanMs, layoutWaterfall, type PlacedEvent, type WaterfallRow } from './waterfall-layout';
import './waterfall.css';

/** "attempt=1, delayMs=120": an event's attributes in one line. */
function attributesText(attributes: TraceSpan['attributes']): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(', ');
}

/** The span's events as text, opened on demand: the marks on the bar are only a picture of them. */
function SpanEvents({ events }: { events: PlacedEvent[] }) {
  if (events.length === 0) return null;
  return (
    <details className="shell-ops-span-events">
      <summary>
        {events.length === 1 ? '1 event' : `${events.length} events`}:{' '}
        {[...new Set(events.map(({ event }) => event.name))].join(', ')}
      </summary>
      <ul>
        {events.map(({ event, offsetMs }, index) => {
          const attributes = attributesText(event.attributes);
          return (
            // Events have no id; their order within the span is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for a given span
            <li key={index}>
              {event.name} at +{formatSpanMs(offsetMs)}
              {attributes && ` (${attributes})`}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function SpanRow({ row }: { row: WaterfallRow }) {
  const { span, depth, offsetPct, widthPct, events } = row;
  const failed = span.status === 'error';
  const bar: CSSProperties = { left: `${offsetPct}%`, width: `${widthPct}%` };
  return (
    <tr className="shell-ops-span" data-status={span.status} data-depth={depth}>
      <th scope="row" style={{ '--shell-ops-span-depth': depth } as CSSProperties}>
        <span className="shell-ops-span-service">{span.service}</span>{' '}
        <span className="shell-ops-span-name">{span.name}</span>
        {failed && (
          <strong className="shell-ops-span-error">
            {' '}
            error{span.statusMessage ? `: ${span.statusMessage}` : ''}
          </strong>
        )}
        <SpanEvents events={events} />
      </th>
      <td className="shell-ops-span-track">
        <div className="shell-ops-span-lane">
          <div className="shell-ops-span-bar" style={bar}>
            {events.map(({ event, atPct }, index) => (
              <span
                // biome-ignore lint/suspicious/noArrayIndexKey: the marks are fixed for a given span
                key={index}
                className="shell-ops-span-mark"
                data-event={event.name}
                style={{ left: `${atPct}%` }}
                title={event.name}
                aria-hidden="true"
              />
            ))}
          </div>
        </div>
      </td>
      <td className="shell-ops-span-duration">{formatSpanMs(span.durationMs)}</td>
    </tr>
  );
}

/** One trace's spans as a waterfall: a row per span, indented under its parent, its bar placed in time. */
export function TraceWaterfall({ traceId, view }: { traceId: string; view: TraceView }) {
  if (view.status === 'loading') return <p className="shell-ops-muted">Loading trace {traceId}…</p>;
  if (view.status === 'not-found') {
    return <p className="shell-ops-muted">The trace store no longer keeps trace {traceId}.</p>;
  }
  if (view.status === 'failed' || view.trace === null) {
    return (
      <p className="shell-ops-muted">
        Trace {traceId} cannot be loaded: {view.error ?? 'no answer'}
      </p>
    );
  }
  const { totalMs, rows } = layoutWaterfall(view.trace.spans);
  const errors = rows.filter((row) => row.span.status === 'error').length;
  return (
    <table className="shell-ops-table shell-ops-waterfall">
      <caption>
        Trace {view.trace.traceId} · {formatSpanMs(totalMs)} · {rows.length}{' '}
        {rows.length === 1 ? 'span' : 'spans'}
        {errors > 0 && ` · ${errors} with an error`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Span</th>
          <th scope="col">Timeline</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <SpanRow key={row.span.spanId} row={row} />
        ))}
      </tbody>
    </table>
  );
}
