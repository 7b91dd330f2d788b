import { type FormEvent, useState } from 'react';
import { clearAllFaults, clearFault, FaultApiError, injectFault } from '../api/faults-api';
import type { ActiveFault, FaultRequest, FaultTarget, FaultType } from '../api/ops-types';
import { formatDuration, timeLeft } from './format';

const FAULT_TYPES: FaultType[] = ['down', 'hang', 'latency', 'errors', 'flapping'];

/** The form's raw values (strings, as the inputs hold them). */
export interface FaultForm {
  type: FaultType;
  ms: string;
  percent: string;
  upMs: string;
  downMs: string;
  forSeconds: string;
}

const DEFAULT_FORM: FaultForm = {
  type: 'down',
  ms: '2000',
  percent: '50',
  upMs: '5000',
  downMs: '5000',
  forSeconds: '60',
};

/** The PUT body for a form; the fault proxy validates the ranges (400 INVALID_FAULT). */
export function faultRequestOf(form: FaultForm): FaultRequest {
  const options: Record<string, number> = {};
  if (form.type === 'latency') options.ms = Number(form.ms);
  if (form.type === 'errors') options.percent = Number(form.percent);
  if (form.type === 'flapping') {
    options.upMs = Number(form.upMs);
    options.downMs = Number(form.downMs);
  }
  const request: FaultRequest = { type: form.type };
  if (Object.keys(options).length > 0) request.options = options;
  if (form.forSeconds.trim() !== '') request.durationMs = Math.round(Number(form.forSeconds) * 1000);
  return request;
}

function describeFault(fault: ActiveFault): string {
  const options = Object.entries(fault.options ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  const phase = fault.phase ? ` (${fault.phase})` : '';
  return options ? `${fault.type}${phase}: ${options}` : `${fault.type}${phase}`;
}

/** "message (CODE)" for a coded fault API error, the plain message otherwise. */
export function messageOf(error: unknown): string {
  if (error instanceof FaultApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** Shared by the six rows: tells the page what happened. */
type Report = (message: { text: string; error: boolean }) => void;

interface RowProps {
  target: FaultTarget;
  serverNow: string;
  elapsedMs: number;
  report: Report;
}

function NumberField({
  label,
  value,
  onChange,
  min,
  max,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  max: number;
}) {
  return (
    <label className="shell-ops-field">
      <span>{label}</span>
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

function FaultRow({ target, serverNow, elapsedMs, report }: RowProps) {
  const [form, setForm] = useState<FaultForm>(DEFAULT_FORM);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FaultForm>) => setForm((current) => ({ ...current, ...patch }));
  const { fault, name } = target;

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await action();
      report({ text: done, error: false });
    } catch (error) {
      report({ text: `${name}: ${messageOf(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const request = faultRequestOf(form);
    void run(() => injectFault(name, request), `Injected ${request.type} into ${name}`);
  }

  return (
    <li className="shell-ops-fault" data-active={fault ? 'true' : 'false'}>
      <form className="shell-ops-fault-form" aria-label={`${name} fault`} onSubmit={onSubmit}>
        <div className="shell-ops-fault-head">
          <span className="shell-ops-fault-name">{name}</span>
          <span className="shell-ops-muted">{target.kind}</span>
          <span className="shell-ops-fault-active">
            {fault ? (
              <>
                <strong>{describeFault(fault)}</strong>
                {fault.expiresAt
                  ? ` · ${formatDuration(timeLeft(fault.expiresAt, serverNow, elapsedMs))} left`
                  : ' · until cleared'}
              </>
            ) : (
              'No fault'
            )}
          </span>
        </div>
        <div className="shell-ops-fault-controls">
          <label className="shell-ops-field">
            <span>Type</span>
            <select value={form.type} onChange={(event) => set({ type: event.target.value as FaultType })}>
              {FAULT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          {form.type === 'latency' && (
            <NumberField
              label="Latency (ms)"
              value={form.ms}
              min={0}
              max={60000}
              onChange={(ms) => set({ ms })}
            />
          )}
          {form.type === 'errors' && (
            <NumberField
              label="Error %"
              value={form.percent}
              min={1}
              max={100}
              onChange={(percent) => set({ percent })}
            />
          )}
          {form.type === 'flapping' && (
            <>
              <NumberField
                label="Up (ms)"
                value={form.upMs}
                min={100}
                max={600000}
                onChange={(upMs) => set({ upMs })}
              />
              <NumberField
                label="Down (ms)"
                value={form.downMs}
                min={100}
                max={600000}
                onChange={(downMs) => set({ downMs })}
              />
            </>
          )}
          <NumberField
            label="For (s)"
            value={form.forSeconds}
            min={1}
            max={3600}
            onChange={(forSeconds) => set({ forSeconds })}
          />
          <button
            type="submit"
            className="shell-button shell-button-small"
            disabled={busy}
            aria-label={`Inject fault into ${name}`}
          >
            Inject
          </button>
          <button
            type="button"
            className="shell-button shell-button-small shell-ops-button-secondary"
            disabled={busy}
            aria-label={`Clear fault on ${name}`}
            onClick={() => void run(() => clearFault(name), `Cleared the fault on ${name}`)}
          >
            Clear
          </button>
        </div>
      </form>
    </li>
  );
}

/** The six fault proxy targets with their active fault, and the controls to change it. */
export function FaultsPanel({
  faults,
  serverNow,
  elapsedMs,
}: {
  faults: { available: boolean; targets: FaultTarget[] } | null;
  serverNow: string;
  elapsedMs: number;
}) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [clearing, setClearing] = useState(false);

  async function onClearAll() {
    setClearing(true);
    try {
      await clearAllFaults();
      setMessage({ text: 'Cleared every fault', error: false });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setClearing(false);
    }
  }

  return (
    <section className="shell-ops-faults" aria-labelledby="shell-ops-faults-title">
      <div className="shell-ops-section-head">
        <h2 id="shell-ops-faults-title">Faults</h2>
        {faults?.available && (
          <button
            type="button"
            className="shell-button shell-button-small"
            disabled={clearing}
            onClick={onClearAll}
          >
            Clear all faults
          </button>
        )}
      </div>
      {faults === null ? (
        <p className="shell-ops-muted">Waiting for the first snapshot…</p>
      ) : !faults.available ? (
        <p className="shell-ops-note">
          Fault injection is off (demo mode disabled or fault proxy not running)
        </p>
      ) : (
        <>
          {/* Always present so screen readers hear the outcome; errors come as an alert. */}
          <p className="shell-ops-feedback" aria-live="polite">
            {message && !message.error ? message.text : ''}
          </p>
          {message?.error && (
            <p className="shell-ops-feedback shell-ops-feedback-error" role="alert">
              {message.text}
            </p>
          )}
          <ul className="shell-ops-fault-list">
            {faults.targets.map((target) => (
              <FaultRow
                key={target.name}
                target={target}
                serverNow={serverNow}
                elapsedMs={elapsedMs}
                report={setMessage}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
