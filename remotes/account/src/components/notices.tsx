import type { DegradedInfo } from '@storefront/remote-kit';
import { useEffect, useState } from 'react';
import { formatTime } from '../lib/format';
import './account.css';

/** Props of {@link DegradedNotice}. */
export interface DegradedNoticeProps {
  degraded: DegradedInfo;
  /** What is shown from the saved copy, e.g. "your saved orders". */
  what: string;
}

/** A polite notice over saved (degraded) data; the data refreshes by itself. */
export function DegradedNotice({ degraded, what }: DegradedNoticeProps) {
  const savedTime = degraded.savedAt ? formatTime(degraded.savedAt) : null;
  return (
    <div role="status" className="account-notice account-notice--degraded">
      <p>
        Showing {what} — live data is temporarily unavailable and will be back shortly.
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

/** Re-renders every second while `until` is in the future so a countdown stays current. */
export function useSecondsUntil(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}

/** "Retrying in 4 s." and friends. */
export function retryText(seconds: number | null, retrying: boolean): string {
  if (retrying || seconds === 0) return 'Retrying now…';
  if (seconds === null) return 'Please try again.';
  return `Retrying in ${seconds} s.`;
}

/** Props of {@link UnavailableNotice}. */
export interface UnavailableNoticeProps {
  /** First sentence, e.g. "Your order history is temporarily unavailable." */
  message: string;
  /** When the automatic retry fires (epoch ms). */
  nextRetryAt: number | null;
  /** A retry is in flight. */
  retrying: boolean;
  onRetry: () => void;
}

/** The placeholder shown instead of data on a 503, with a countdown and a retry button. */
export function UnavailableNotice({ message, nextRetryAt, retrying, onRetry }: UnavailableNoticeProps) {
  const seconds = useSecondsUntil(nextRetryAt);
  return (
    <div role="alert" className="account-notice account-notice--unavailable">
      <p>
        {message}{' '}
        {/* The countdown ticks every second; keep screen readers from re-announcing the alert each time. */}
        <span aria-live="off">{retryText(seconds, retrying)}</span>
      </p>
      <button type="button" className="account-button" onClick={onRetry} disabled={retrying}>
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
    <div role="alert" className="account-notice account-notice--error">
      <p>Something went wrong: {message}</p>
      <button type="button" className="account-button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
