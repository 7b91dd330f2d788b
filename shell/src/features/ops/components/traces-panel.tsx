import type { TraceSummary } from '@storefront/contract/browser';
import { type ReactNode, useState } from 'react';
import { TRACES_POLL_MS, useRecentTraces, useTrace } from '../api/use-traces';
import { formatClock } from './format';
import { TraceFinder, traceIdFromLocation } from './trace-finder';
import { TraceWaterfall } from './trace-waterfall';
import { formatSpanMs } from './waterfall-layout';
import './ops-tables.css';
import './waterfall.css';

function TraceTable({
  traces,
  selected,
  onSelect,
}: {
  traces: TraceSummary[];
  selected: string | null;
  onSelect: (traceId: string) => void;
}) {
  return (
    <table className="shell-ops-table shell-ops-traces-table">
      <caption>Recent requests, slowest first</caption>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Duration</th>
          <th scope="col">Services</th>
          <th scope="col">Outcome</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => (
          <tr key={trace.traceId} data-selected={trace.traceId === selected} data-error={trace.error}>
            <td>
              <button
                type="button"
                className="shell-ops-link"
                aria-label={`Show trace ${trace.rootName}`}
                aria-pressed={trace.traceId === selected}
                onClick={() => onSelect(trace.traceId)}
              >
                {trace.rootName}
              </button>
            </td>
            <td>{formatSpanMs(trace.durationMs)}</td>
            <td>{trace.services.join(', ')}</td>
            <td className="shell-ops-trace-outcome">{trace.error ? 'error' : 'ok'}</td>
            <td>
              <time dateTime={trace.startedAt}>{formatClock(trace.startedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The requests the local trace store kept (polled every 5 s), slowest first; choosing one — or naming any kept
 * trace by id, or `/ops?trace=<id>` — shows its waterfall across the shell host, the BFF and the services.
 */
export function TracesPanel({ pollMs = TRACES_POLL_MS }: { pollMs?: number }) {
  const { traces, unavailable, error } = useRecentTraces(pollMs);
  // `/ops?trace=<id>` opens that trace at once.
  const [selected, setSelected] = useState<string | null>(() => traceIdFromLocation(window.location.search));
  // Asked again when the list counts more spans for it: other processes export theirs a moment later.
  const version = traces?.find((trace) => trace.traceId === selected)?.spanCount ?? 0;
  const trace = useTrace(selected, version);

  let body: ReactNode;
  if (unavailable) {
    body = <p className="shell-ops-note">The local trace store is not running (TRACE_STORE_URL)</p>;
  } else if (traces === null) {
    body = (
      <p className="shell-ops-muted">
        {error ? `The traces cannot be loaded: ${error}; retrying…` : 'Loading the recent requests…'}
      </p>
    );
  } else {
    body = (
      <>
        {error && <p className="shell-ops-muted">Cannot refresh the traces: {error}; retrying…</p>}
        {traces.length === 0 ? (
          <p className="shell-ops-muted">No traces yet</p>
        ) : (
          <TraceTable traces={traces} selected={selected} onSelect={setSelected} />
        )}
      </>
    );
  }

  return (
    <section className="shell-ops-traces" aria-labelledby="shell-ops-traces-title">
      <h2 id="shell-ops-traces-title">Recent requests</h2>
      <TraceFinder onFind={setSelected} />
      {body}
      {selected !== null && (
        <div className="shell-ops-trace-detail">
          <button type="button" className="shell-ops-link" onClick={() => setSelected(null)}>
            Close trace
          </button>
          <TraceWaterfall traceId={selected} view={trace} />
        </div>
      )}
    </section>
  );
}
