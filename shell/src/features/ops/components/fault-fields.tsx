import type {
  FaultOptionInfo,
  FaultRequest,
  FaultTypeInfo,
  FaultTypesAnswer,
} from '@storefront/contract/browser';
import { useId } from 'react';

/** The form's raw values (strings, as the inputs hold them); the type is null until the user picks one. */
export interface FaultForm {
  type: string | null;
  /** By option name; an empty or absent value is left out, so the fault proxy applies its default. */
  values: Record<string, string>;
  forSeconds: string;
}

export const DEFAULT_FORM: FaultForm = { type: null, values: {}, forSeconds: '60' };

/** The listed type the form stands on: the one picked, or the first of the list. */
export function selectedType(types: FaultTypesAnswer, form: FaultForm): FaultTypeInfo | undefined {
  return types.types.find((info) => info.type === form.type) ?? types.types[0];
}

/** The PUT body for a form; the fault proxy checks the values against its own bounds (400 INVALID_REQUEST). */
export function faultRequestOf(info: FaultTypeInfo, form: FaultForm): FaultRequest {
  const options: Record<string, number> = {};
  for (const option of info.options) {
    const raw = form.values[option.name]?.trim() ?? '';
    if (raw !== '') options[option.name] = Number(raw);
  }
  const request: FaultRequest = { type: info.type };
  if (Object.keys(options).length > 0) request.options = options;
  if (form.forSeconds.trim() !== '') request.durationMs = Math.round(Number(form.forSeconds) * 1000);
  return request;
}

const UNIT_WORDS: Record<FaultOptionInfo['unit'], string> = { ms: 'ms', percent: '%', status: 'HTTP status' };

/** "ms · 0–60000 · required", "HTTP status · 500–599 · default 503". */
export function optionHint(option: FaultOptionInfo): string {
  const need = option.required ? 'required' : `default ${option.default}`;
  return `${UNIT_WORDS[option.unit]} · ${option.min}–${option.max} · ${need}`;
}

/** A number input with its label above and its unit and bounds below (read out as its description). */
function NumberField({
  label,
  hint,
  value,
  onChange,
  min,
  max,
  required = false,
  placeholder,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  max: number;
  required?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <div className="shell-ops-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        required={required}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-hint`}>{hint}</span>
    </div>
  );
}

/** One option of the picked type, as the list describes it. */
export function OptionField({
  option,
  value,
  onChange,
}: {
  option: FaultOptionInfo;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <NumberField
      label={option.name}
      hint={optionHint(option)}
      value={value}
      min={option.min}
      max={option.max}
      required={option.required}
      placeholder={option.default === null ? undefined : String(option.default)}
      onChange={onChange}
    />
  );
}

/** How long the fault lasts, in seconds, within the listed `durationMs` bounds; empty: until cleared. */
export function DurationField({
  bounds,
  value,
  onChange,
}: {
  bounds: FaultTypesAnswer['durationMs'];
  value: string;
  onChange: (value: string) => void;
}) {
  const min = Math.ceil(bounds.min / 1000);
  const max = Math.floor(bounds.max / 1000);
  return (
    <NumberField
      label="For (s)"
      hint={`s · ${min}–${max} · empty: until cleared`}
      value={value}
      min={min}
      max={max}
      onChange={onChange}
    />
  );
}

/** The type picker; `describedBy` names the element that says in words what the picked type does. */
export function TypeField({
  types,
  value,
  describedBy,
  onChange,
}: {
  types: FaultTypeInfo[];
  value: string;
  describedBy: string;
  onChange: (type: string) => void;
}) {
  const id = useId();
  return (
    <div className="shell-ops-field">
      <label htmlFor={id}>Type</label>
      <select
        id={id}
        value={value}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      >
        {types.map((info) => (
          <option key={info.type} value={info.type}>
            {info.type}
          </option>
        ))}
      </select>
    </div>
  );
}
