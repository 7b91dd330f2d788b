/** What a slot shows when its remote cannot be loaded or rendered. */
export function RemoteFallback({ title, onRetry }: { title: string; onRetry: () => void }) {
  return (
    <div role="alert" className="shell-slot-fallback">
      <p className="shell-slot-fallback-text">{title} is unavailable right now.</p>
      <button type="button" className="shell-button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
