/** Props of {@link RemoteFallback}. */
export interface RemoteFallbackProps {
  title: string;
  onRetry: () => void;
  /** A small inline hint for the header ("Cart unavailable") instead of the block alert. */
  compact?: boolean;
}

/** What a slot shows when its remote cannot be loaded or rendered. */
export function RemoteFallback({ title, onRetry, compact = false }: RemoteFallbackProps) {
  if (compact) {
    // A polite status, not an alert: a missing header widget must not interrupt the page.
    return (
      <span className="shell-slot-fallback-compact">
        <span role="status">{title} unavailable</span>
        <button
          type="button"
          className="shell-button shell-button-small"
          onClick={onRetry}
          aria-label={`Retry ${title.toLowerCase()}`}
        >
          Retry
        </button>
      </span>
    );
  }
  return (
    <div role="alert" className="shell-slot-fallback">
      <p className="shell-slot-fallback-text">{title} is unavailable right now.</p>
      <button type="button" className="shell-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
