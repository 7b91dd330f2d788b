import { Notice } from '@storefront/remote-kit/notices';
import { type FormEvent, useEffect, useId, useState } from 'react';
import '../../../components/account.css';
import type { Profile, ShippingAddressInput } from '@storefront/contract/browser';
import { putProfile } from '../api/profile';

interface Fields {
  name: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
}

function fieldsOf(profile: Profile): Fields {
  const address = profile.shippingAddress;
  return {
    name: profile.name,
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? '',
  };
}

/** Turns the form into the PUT body, or names the first problem. An all-empty address clears it. */
export function profileFromFields(
  fields: Fields,
): { ok: true; name: string; shippingAddress: ShippingAddressInput | null } | { ok: false; message: string } {
  const name = fields.name.trim();
  if (name === '') return { ok: false, message: 'Enter your name.' };
  if (name.length > 100) return { ok: false, message: 'The name must be at most 100 characters long.' };
  const address = {
    line1: fields.line1.trim(),
    line2: fields.line2.trim(),
    city: fields.city.trim(),
    postalCode: fields.postalCode.trim(),
    country: fields.country.trim().toUpperCase(),
  };
  if (Object.values(address).every((value) => value === '')) return { ok: true, name, shippingAddress: null };
  if (!address.line1) return { ok: false, message: 'Enter the first address line.' };
  if (!address.city) return { ok: false, message: 'Enter the city.' };
  if (!address.postalCode) return { ok: false, message: 'Enter the postal code.' };
  if (!/^[A-Z]{2}$/.test(address.country)) {
    return { ok: false, message: 'Enter the country as two letters, e.g. US.' };
  }
  const shippingAddress: ShippingAddressInput = {
    line1: address.line1,
    city: address.city,
    postalCode: address.postalCode,
    country: address.country,
  };
  if (address.line2) shippingAddress.line2 = address.line2;
  return { ok: true, name, shippingAddress };
}

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved' }
  | { status: 'failed'; message: string };

/** Props of {@link ProfileForm}. */
export interface ProfileFormProps {
  profile: Profile;
  onSaved: (profile: Profile) => void;
}

const FIELDS: Array<{ key: keyof Fields; label: string; autoComplete: string; optional?: boolean }> = [
  { key: 'line1', label: 'Address line 1', autoComplete: 'address-line1' },
  { key: 'line2', label: 'Address line 2 (optional)', autoComplete: 'address-line2', optional: true },
  { key: 'city', label: 'City', autoComplete: 'address-level2' },
  { key: 'postalCode', label: 'Postal code', autoComplete: 'postal-code' },
  { key: 'country', label: 'Country (two letters)', autoComplete: 'country' },
];

/** Name and shipping address; saves with `PUT /api/account/profile`. */
export function ProfileForm({ profile, onSaved }: ProfileFormProps) {
  const ids = useId();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(profile));
  const [dirty, setDirty] = useState(false);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });

  // A refreshed profile (e.g. live after a saved copy) replaces the form unless the shopper is editing it.
  useEffect(() => {
    if (!dirty) setFields(fieldsOf(profile));
  }, [profile, dirty]);

  const change = (key: keyof Fields, value: string) => {
    setFields((current) => ({ ...current, [key]: value }));
    setDirty(true);
    if (save.status !== 'saving') setSave({ status: 'idle' });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = profileFromFields(fields);
    if (!body.ok) {
      setSave({ status: 'failed', message: body.message });
      return;
    }
    setSave({ status: 'saving' });
    const result = await putProfile(body.name, body.shippingAddress);
    if (result.status === 'live' || result.status === 'degraded') {
      setFields(fieldsOf(result.data));
      setDirty(false);
      setSave({ status: 'saved' });
      onSaved(result.data);
    } else if (result.status === 'unavailable') {
      setSave({
        status: 'failed',
        message: 'Saving is temporarily unavailable. Your changes are still here; please try again shortly.',
      });
    } else {
      setSave({ status: 'failed', message: result.message });
    }
  };

  const saving = save.status === 'saving';
  return (
    <form className="account-form" noValidate onSubmit={(event) => void submit(event)} aria-busy={saving}>
      <div>
        <label className="account-label" htmlFor={`${ids}-name`}>
          Name
        </label>
        <input
          id={`${ids}-name`}
          className="account-input"
          autoComplete="name"
          value={fields.name}
          onChange={(event) => change('name', event.target.value)}
          required
        />
      </div>
      <fieldset>
        <legend className="account-label">Shipping address</legend>
        <div className="account-form__row">
          {FIELDS.map((field) => (
            <div key={field.key}>
              <label className="account-label" htmlFor={`${ids}-${field.key}`}>
                {field.label}
              </label>
              <input
                id={`${ids}-${field.key}`}
                className="account-input"
                autoComplete={`shipping ${field.autoComplete}`}
                value={fields[field.key]}
                maxLength={field.key === 'country' ? 2 : undefined}
                onChange={(event) => change(field.key, event.target.value)}
              />
            </div>
          ))}
        </div>
      </fieldset>
      {save.status === 'failed' ? (
        <Notice tone="error" role="alert">
          <p>{save.message}</p>
        </Notice>
      ) : null}
      <div>
        <button type="submit" className="account-button account-button--primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>{' '}
        {/* Always present so screen readers announce the change. */}
        <span role="status">{save.status === 'saved' ? 'Profile saved.' : ''}</span>
      </div>
    </form>
  );
}
