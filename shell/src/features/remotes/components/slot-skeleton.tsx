/** A light placeholder while a remote module loads; `compact` is one short bar for the header. */
export function SlotSkeleton({ title, compact = false }: { title: string; compact?: boolean }) {
  if (compact) {
    return (
      <span className="shell-skeleton-inline" role="status" aria-label={`Loading: ${title}`}>
        <span className="shell-skeleton-bar" />
      </span>
    );
  }
  return (
    <div className="shell-skeleton" role="status" aria-label={`Loading: ${title}`}>
      <div className="shell-skeleton-bar shell-skeleton-bar-wide" />
      <div className="shell-skeleton-bar" />
      <div className="shell-skeleton-bar shell-skeleton-bar-short" />
    </div>
  );
}
