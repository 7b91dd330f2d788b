import type { ReactNode } from 'react';
import { formatTime } from '../format';
import type { DegradedInfo } from '../types';
import { useSecondsUntil } from './use-seconds-until';
import './notices.css';

/** What a notice is about; it picks the colours. */
export type NoticeTone = 'degraded' | 'unavailable' | 'error' | 'info' | 'success';

/** Props of {@link Notice}. */
export interface NoticeProps {
  tone: NoticeTone;
  /** `status` for news that can wait, `alert` for a failure; none for a notice that is part of the page. */
  role?: 'status' | 'alert';
  children: ReactNode;
}

/** A framed message; its children are laid out in a row that wraps (text first, a button or link last). */
export function Notice({ tone, role, children }: NoticeProps) {
  return (
    <div role={role} className={`remote-kit-notice remote-kit-notice--${tone}`}>
      {children}
    </div>
  );
}

/** Props of {@link DegradedNotice}. */
export interface DegradedNoticeProps {
  degraded: DegradedInfo;
  /** What is shown and why, e.g. "Showing saved products — the catalog is temporarily unavailable. …". */
  message: string;
}

/** A polite notice over saved (degraded) data, with the time it was saved; the data refreshes by itself. */
export function DegradedNotice({ degraded, message }: DegradedNoticeProps) {
  const savedTime = degraded.savedAt ? formatTime(degraded.savedAt) : null;
  return (
    <Notice tone="degraded" role="status">
      <p>
        {message}
        {savedTime && degraded.savedAt ? (
          <>
            {' '}
            Saved at <time dateTime={degraded.savedAt}>{savedTime}</time>.
          </>
        ) : null}
      </p>
    </Notice>
  );
}

/** "Retrying in 4 s." and friends. */
function retryText(seconds: number | null, retrying: boolean): string {
  if (retrying || seconds === 0) return 'Retrying now…';
  if (seconds === null) return 'Please try again.';
  return `Retrying in ${seconds} s.`;
}

/** Props of {@link UnavailableNotice}. */
export interface UnavailableNoticeProps {
  /** First sentence, e.g. "The catalog is temporarily unavailable." */
  message: string;
  /** When the automatic retry fires (epoch ms); null when none is planned. */
  nextRetryAt: number | null;
  /** A retry is in flight: the button is disabled. */
  retrying: boolean;
  onRetry: () => void;
  /** The button's text (default "Retry now"). */
  retryLabel?: string;
}

/** The placeholder shown instead of data on a 503, with a countdown to the automatic retry and a retry button. */
export function UnavailableNotice({
  message,
  nextRetryAt,
  retrying,
  onRetry,
  retryLabel = 'Retry now',
}: UnavailableNoticeProps) {
  const seconds = useSecondsUntil(nextRetryAt);
  return (
    <Notice tone="unavailable" role="alert">
      <p>
        {message}{' '}
        {/* The countdown ticks every second; keep screen readers from re-announcing the alert each time. */}
        <span aria-live="off">{retryText(seconds, retrying)}</span>
      </p>
      <button type="button" className="remote-kit-notice__button" onClick={onRetry} disabled={retrying}>
        {retryLabel}
      </button>
    </Notice>
  );
}

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  /** What went wrong, from the API client. */
  message: string;
  onRetry: () => void;
  /** What was being loaded, e.g. "the catalog": "Something went wrong while loading the catalog: …". */
  whileLoading?: string;
}

/** A plain failure (not covered by the degraded contract), with a manual retry. */
export function ErrorNotice({ message, onRetry, whileLoading }: ErrorNoticeProps) {
  return (
    <Notice tone="error" role="alert">
      <p>
        Something went wrong{whileLoading ? ` while loading ${whileLoading}` : ''}: {message}
      </p>
      <button type="button" className="remote-kit-notice__button" onClick={onRetry}>
        Try again
      </button>
    </Notice>
  );
}
