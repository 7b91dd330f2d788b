/** A light placeholder while a remote module loads. */
export function SlotSkeleton({ title }: { title: string }) {
  return (
    <div className="shell-skeleton" role="status" aria-label={`Loading: ${title}`}>
      <div className="shell-skeleton-bar shell-skeleton-bar-wide" />
      <div className="shell-skeleton-bar" />
      <div className="shell-skeleton-bar shell-skeleton-bar-short" />
    </div>
  );
}
