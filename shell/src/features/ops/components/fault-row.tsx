import type { ActiveFault, FaultTarget, FaultTypeInfo, FaultTypesAnswer } from '@storefront/contract/browser';
import { type FormEvent, useId, useState } from 'react';
import { clearFault, injectFault } from '../api/faults-api';
import {
  DEFAULT_FORM,
  DurationField,
  type FaultForm,
  faultRequestOf,
  OptionField,
  selectedType,
  TypeField,
} from './fault-fields';
import { type Report, useAction } from './feedback';
import { formatDuration, timeLeft } from './format';

function describeFault(fault: ActiveFault): string {
  const options = Object.entries(fault.options ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  const phase = fault.phase ? ` (${fault.phase})` : '';
  return options ? `${fault.type}${phase}: ${options}` : `${fault.type}${phase}`;
}

/** The picked type's fields, built from the fault proxy's list. */
function InjectFields({
  types,
  info,
  form,
  descriptionId,
  onChange,
}: {
  types: FaultTypesAnswer;
  info: FaultTypeInfo;
  form: FaultForm;
  descriptionId: string;
  onChange: (form: FaultForm) => void;
}) {
  return (
    <>
      <TypeField
        types={types.types}
        value={info.type}
        describedBy={descriptionId}
        // Another type has other options: start them afresh.
        onChange={(type) => onChange({ ...form, type, values: {} })}
      />
      {info.options.map((option) => (
        <OptionField
          key={`${info.type}.${option.name}`}
          option={option}
          value={form.values[option.name] ?? ''}
          onChange={(value) => onChange({ ...form, values: { ...form.values, [option.name]: value } })}
        />
      ))}
      <DurationField
        bounds={types.durationMs}
        value={form.forSeconds}
        onChange={(forSeconds) => onChange({ ...form, forSeconds })}
      />
    </>
  );
}

/**
 * One fault target: its active fault and the controls to change it. Without the list of fault types (still
 * loading, or failed) only Clear is offered; the panel says why.
 */
export function FaultRow({
  target,
  types,
  serverNow,
  elapsedMs,
  report,
}: {
  target: FaultTarget;
  types: FaultTypesAnswer | null;
  serverNow: string;
  elapsedMs: number;
  report: Report;
}) {
  const [form, setForm] = useState<FaultForm>(DEFAULT_FORM);
  const descriptionId = useId();
  const { fault, name } = target;
  const { busy, run } = useAction(report, `${name}: `);
  const info = types ? selectedType(types, form) : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (info === undefined) return;
    const request = faultRequestOf(info, form);
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
          {types && info && (
            <>
              <InjectFields
                types={types}
                info={info}
                form={form}
                descriptionId={descriptionId}
                onChange={setForm}
              />
              <button
                type="submit"
                className="shell-button shell-button-small"
                disabled={busy}
                aria-label={`Inject fault into ${name}`}
              >
                Inject
              </button>
            </>
          )}
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
        {info && (
          <p id={descriptionId} className="shell-ops-muted">
            {info.type}: {info.description}
          </p>
        )}
      </form>
    </li>
  );
}
