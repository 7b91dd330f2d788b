import type { DegradedInfo } from '@storefront/remote-kit';
import { useEffect, useState } from 'react';
import { formatTime } from '../../../lib/format';
import './catalog.css';

/** Props of {@link DegradedNotice}. */
export interface DegradedNoticeProps {
  degraded: DegradedInfo;
}

/** A polite notice over saved (degraded) data; the hook refreshes the data by itself. */
export function DegradedNotice({ degraded }: DegradedNoticeProps) {
  const savedTime = degraded.savedAt ? formatTime(degraded.savedAt) : null;
  return (
    <div role="status" className="catalog-notice catalog-notice--degraded">
      <p>
        Showing saved products — the catalog is temporarily unavailable. Live data will be back shortly.
        {savedTime && degraded.savedAt ? (
          <>
            {' '}
            Saved at <time dateTime={degraded.savedAt}>{savedTime}</time>.
          </>
        ) : null}
      </p>
    </div>
  );
}

/** Props of {@link UnavailableNotice}. */
export interface UnavailableNoticeProps {
  /** When the automatic retry fires (epoch ms). */
  nextRetryAt: number | null;
  /** A retry is in flight. */
  retrying: boolean;
  onRetry: () => void;
}

/** Re-renders every second while `until` is in the future so a countdown stays current. */
function useSecondsUntil(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}

/** The placeholder shown instead of data when the catalog answered 503, with a countdown and a retry button. */
export function UnavailableNotice({ nextRetryAt, retrying, onRetry }: UnavailableNoticeProps) {
  const seconds = useSecondsUntil(nextRetryAt);
  let next: string;
  if (retrying || seconds === 0) next = 'Retrying now…';
  else if (seconds === null) next = 'Please try again.';
  else next = `Retrying in ${seconds} s.`;
  return (
    <div role="alert" className="catalog-notice catalog-notice--unavailable">
      <p>
        The catalog is temporarily unavailable.{' '}
        {/* The countdown ticks every second; keep screen readers from re-announcing the alert each time. */}
        <span aria-live="off">{next}</span>
      </p>
      <button type="button" className="catalog-button" onClick={onRetry} disabled={retrying}>
        Retry now
      </button>
    </div>
  );
}

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  message: string;
  onRetry: () => void;
}

/** A plain failure (not covered by the degraded contract), with a manual retry. */
export function ErrorNotice({ message, onRetry }: ErrorNoticeProps) {
  return (
    <div role="alert" className="catalog-notice catalog-notice--error">
      <p>Something went wrong while loading the catalog: {message}</p>
      <button type="button" className="catalog-button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
