import { type FormEvent, useState } from 'react';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A trace id as people paste it (from an error's `meta.traceId`, a log line, a `traceresponse`), or null. */
export function readTraceId(text: string): string | null {
  const id = text.trim().toLowerCase();
  return TRACE_ID.test(id) ? id : null;
}

/** The trace named by the page's `?trace=` (a link from a log line or an error report), or null. */
export function traceIdFromLocation(search: string): string | null {
  return readTraceId(new URLSearchParams(search).get('trace') ?? '');
}

/**
 * Opens any kept trace by its id, not only the slowest ones the list shows: the id a shopper's error answer or a
 * log line names.
 */
export function TraceFinder({ onFind }: { onFind: (traceId: string) => void }) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = readTraceId(text);
    setInvalid(id === null);
    if (id !== null) onFind(id);
  };

  return (
    <search aria-label="Find a trace" className="shell-ops-trace-finder">
      <form onSubmit={submit}>
        <label>
          Trace id{' '}
          <input
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
            autoComplete="off"
            size={34}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'shell-ops-trace-finder-error' : undefined}
          />
        </label>{' '}
        <button type="submit">Show trace</button>
        {invalid && (
          <p id="shell-ops-trace-finder-error" className="shell-ops-note">
            A trace id is 32 hexadecimal digits (an error answer's meta.traceId).
          </p>
        )}
      </form>
    </search>
  );
}
