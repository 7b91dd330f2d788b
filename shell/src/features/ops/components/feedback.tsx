import { useState } from 'react';
import { messageOf } from '../api/faults-api';

/** The outcome of the last action of a panel. */
export interface FeedbackMessage {
  text: string;
  error: boolean;
}

/** Tells a panel what happened. */
export type Report = (message: FeedbackMessage) => void;

/** A panel's feedback line: always present so screen readers hear the outcome; errors come as an alert. */
export function Feedback({ message }: { message: FeedbackMessage | null }) {
  return (
    <>
      <p className="shell-ops-feedback" aria-live="polite">
        {message && !message.error ? message.text : ''}
      </p>
      {message?.error && (
        <p className="shell-ops-feedback shell-ops-feedback-error" role="alert">
          {message.text}
        </p>
      )}
    </>
  );
}

/**
 * One call to the fault API at a time: `busy` while it runs, then `done` or the coded error (after `prefix`,
 * e.g. the target's name) is reported.
 */
export function useAction(
  report: Report,
  prefix = '',
): {
  busy: boolean;
  run: (action: () => Promise<unknown>, done: string) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await action();
      report({ text: done, error: false });
    } catch (error) {
      report({ text: `${prefix}${messageOf(error)}`, error: true });
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}
