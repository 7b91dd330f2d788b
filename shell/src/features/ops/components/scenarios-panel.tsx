import { useEffect, useState } from 'react';
import { listScenarios, runScenario, stopScenario } from '../api/faults-api';
import type { Scenario, ScenarioRun } from '../api/ops-types';
import { messageOf } from './faults-panel';
import { formatDuration, timeLeft } from './format';

const SPEEDS = [1, 2, 5] as const;

type Listing =
  | { status: 'loading' }
  | { status: 'loaded'; scenarios: Scenario[] }
  | { status: 'failed'; message: string };

/** "Running chaos: step 2 of 4, 12 s left": what the status line says about a run. */
export function describeRun(run: ScenarioRun, serverNow: string, elapsedMs: number): string {
  const left = formatDuration(timeLeft(run.endsAt, serverNow, elapsedMs));
  return `Running ${run.name}: step ${run.stepsDone} of ${run.stepsTotal}, ${left} left`;
}

/**
 * The scenarios of the fault proxy, with run and stop controls. Mounted only while fault injection is
 * available, so the list is fetched once per availability; the running state comes from the live snapshot.
 */
export function ScenariosPanel({
  running,
  serverNow,
  elapsedMs,
}: {
  running: ScenarioRun | null;
  serverNow: string;
  elapsedMs: number;
}) {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [speed, setSpeed] = useState<number>(1);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    let cancelled = false;
    listScenarios().then(
      (body) => {
        if (!cancelled) {
          setListing({ status: 'loaded', scenarios: Array.isArray(body?.scenarios) ? body.scenarios : [] });
        }
      },
      (error: unknown) => {
        if (!cancelled) setListing({ status: 'failed', message: messageOf(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await action();
      setMessage({ text: done, error: false });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="shell-ops-scenarios" aria-labelledby="shell-ops-scenarios-title">
      <div className="shell-ops-section-head">
        <h2 id="shell-ops-scenarios-title">Scenarios</h2>
        <div className="shell-ops-scenario-controls">
          <label className="shell-ops-field">
            <span>Speed</span>
            <select value={speed} onChange={(event) => setSpeed(Number(event.target.value))}>
              {SPEEDS.map((value) => (
                <option key={value} value={value}>
                  {`${value}×`}
                </option>
              ))}
            </select>
          </label>
          {running && (
            <button
              type="button"
              className="shell-button shell-button-small"
              disabled={busy}
              onClick={() => void act(stopScenario, `Stopped ${running.name}`)}
            >
              Stop scenario
            </button>
          )}
        </div>
      </div>
      {/* Always present so screen readers hear each step; empty while nothing runs. */}
      <p className="shell-ops-scenario-status" role="status" data-running={running ? 'true' : 'false'}>
        {running ? describeRun(running, serverNow, elapsedMs) : ''}
      </p>
      <p className="shell-ops-feedback" aria-live="polite">
        {message && !message.error ? message.text : ''}
      </p>
      {message?.error && (
        <p className="shell-ops-feedback shell-ops-feedback-error" role="alert">
          {message.text}
        </p>
      )}
      {listing.status === 'loading' ? (
        <p className="shell-ops-muted">Loading the scenarios…</p>
      ) : listing.status === 'failed' ? (
        // Not an alert: nobody asked for it, and the faults above still work.
        <p className="shell-ops-note">Scenarios cannot be listed: {listing.message}</p>
      ) : listing.scenarios.length === 0 ? (
        <p className="shell-ops-muted">No scenario defined.</p>
      ) : (
        <ul className="shell-ops-scenario-list">
          {listing.scenarios.map((scenario) => (
            <li
              key={scenario.name}
              className="shell-ops-scenario"
              data-running={running?.name === scenario.name ? 'true' : 'false'}
            >
              <div className="shell-ops-scenario-text">
                <h3 className="shell-ops-scenario-name">{scenario.name}</h3>
                <p className="shell-ops-scenario-description">{scenario.description}</p>
                <p className="shell-ops-muted">
                  {formatDuration(scenario.durationMs)}
                  {Array.isArray(scenario.steps) ? ` · ${scenario.steps.length} steps` : ''}
                </p>
              </div>
              <button
                type="button"
                className="shell-button shell-button-small"
                disabled={busy}
                aria-label={`Run scenario ${scenario.name}`}
                onClick={() =>
                  void act(() => runScenario(scenario.name, speed), `Started ${scenario.name} at ${speed}×`)
                }
              >
                Run {scenario.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
