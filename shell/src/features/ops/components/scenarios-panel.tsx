import type { ScenarioRun } from '@storefront/contract/browser';
import { useState } from 'react';
import { runScenario, stopScenario } from '../api/faults-api';
import { useScenarios } from '../api/use-scenarios';
import { Feedback, type FeedbackMessage, useAction } from './feedback';
import { formatDuration, timeLeft } from './format';

const SPEEDS = [1, 2, 5] as const;

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
  const { state: listing, retry } = useScenarios();
  const [speed, setSpeed] = useState<number>(1);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const { busy, run: act } = useAction(setMessage);

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
      <Feedback message={message} />
      {listing.status === 'loading' ? (
        <p className="shell-ops-muted">Loading the scenarios…</p>
      ) : listing.status === 'failed' ? (
        // Not an alert: nobody asked for it, and the faults above still work.
        <div className="shell-ops-note">
          <p className="shell-ops-muted">Scenarios cannot be listed: {listing.message}</p>
          <button
            type="button"
            className="shell-button shell-button-small"
            aria-label="Retry listing the scenarios"
            onClick={retry}
          >
            Retry
          </button>
        </div>
      ) : listing.data.length === 0 ? (
        <p className="shell-ops-muted">No scenario defined.</p>
      ) : (
        <ul className="shell-ops-scenario-list">
          {listing.data.map((scenario) => (
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
                {/* The heading beside it names the scenario; the accessible name must contain this label (2.5.3). */}
                Run
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
