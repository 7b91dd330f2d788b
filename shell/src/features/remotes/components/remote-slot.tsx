import { type ComponentType, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type RemoteName, useRegistry } from '../../registry';
import { recordRemoteFailure } from '../remote-failures';
import { useRemoteLoader } from '../remote-loader-context';
import { RemoteErrorBoundary } from './remote-error-boundary';
import { RemoteFallback } from './remote-fallback';
import { SlotSkeleton } from './slot-skeleton';

/** Props of a place in the page filled by a remote's exposed module. */
export interface RemoteSlotProps {
  remote: RemoteName;
  /** Exposed module, e.g. `./CatalogPage`. */
  module: string;
  /** Props for the remote component. */
  props?: Record<string, unknown>;
  /** Names what is missing in the fallback: "<title> is unavailable right now." (compact: "<title> unavailable"). */
  title: string;
  /** Header use: an inline skeleton and a small inline fallback that keep the header usable. */
  compact?: boolean;
  /**
   * A class of the page's layout that reserves the room the module will take (e.g. `shell-slot-featured`), so
   * that what is below does not move when it arrives (layout shift). The page owns the reservation; a module
   * taller than it still pushes the rest down.
   */
  reserve?: string;
}

type RemoteComponent = ComponentType<Record<string, unknown>>;

// Every result remembers the attempt it belongs to, so a retry never shows the previous attempt's result.
type SlotState =
  | { status: 'idle' }
  | { status: 'loading'; attempt: number }
  | { status: 'loaded'; attempt: number; Component: RemoteComponent }
  | { status: 'failed'; attempt: number };

function isComponent(value: unknown): value is RemoteComponent {
  // Function components and classes, or the objects made by memo()/forwardRef()/lazy().
  return typeof value === 'function' || (typeof value === 'object' && value !== null && '$$typeof' in value);
}

function defaultExport(mod: unknown): RemoteComponent | null {
  if (typeof mod !== 'object' || mod === null || !('default' in mod)) return null;
  return isComponent(mod.default) ? mod.default : null;
}

/**
 * Loads a remote module with the injected loader (the MF runtime's loadRemote, not React.lazy, so that a
 * retry really loads again) and renders its default export inside its own error boundary.
 */
export function RemoteSlot({ remote, module, props, title, compact = false, reserve }: RemoteSlotProps) {
  const { state: registry, reload } = useRegistry();
  const loader = useRemoteLoader();
  const [attempt, setAttempt] = useState(0);
  const [slot, setSlot] = useState<SlotState>({ status: 'idle' });
  const [retrying, setRetrying] = useState(false);
  const loadedAttempt = useRef<number | null>(null);

  const listed = registry.status === 'ready' && Object.hasOwn(registry.registry.remotes, remote);
  const requestId = `${remote}/${module.replace(/^\.\//, '')}`;

  // Every registry (re)load is a new state object: a retry in one slot also re-loads the other failed slots.
  useEffect(() => {
    if (registry.status !== 'ready') return;
    // Already showing this attempt's component: a later registry reload by another slot changes nothing here.
    if (loadedAttempt.current === attempt) return;
    if (!listed) {
      recordRemoteFailure({
        id: requestId,
        remote,
        lifecycle: 'registry',
        message: `"${remote}" is not in the registry`,
      });
      setSlot({ status: 'failed', attempt });
      return;
    }
    let active = true;
    setSlot({ status: 'loading', attempt });
    loader(remote, module).then(
      (mod) => {
        if (!active) return;
        const Component = defaultExport(mod);
        if (!Component) {
          recordRemoteFailure({
            id: requestId,
            remote,
            lifecycle: 'export',
            message: 'no default export component',
          });
          setSlot({ status: 'failed', attempt });
          return;
        }
        loadedAttempt.current = attempt;
        setSlot({ status: 'loaded', attempt, Component });
      },
      () => {
        // The errorLoadRemote plugin has recorded the MF failure; here it only decides what the slot shows.
        if (!active) return;
        setSlot({ status: 'failed', attempt });
      },
    );
    return () => {
      active = false;
    };
  }, [registry, listed, attempt, remote, module, requestId, loader]);

  const retry = useCallback(async () => {
    setRetrying(true);
    // Re-fetch the registry and force-register the remotes again: that clears the runtime's failed entry.
    await reload();
    setRetrying(false);
    setAttempt((n) => n + 1);
  }, [reload]);

  const onRetry = () => void retry();
  const current = slot.status !== 'idle' && slot.attempt === attempt ? slot : null;

  let content: ReactNode;
  if (current?.status === 'loaded') {
    const { Component } = current;
    content = (
      <RemoteErrorBoundary
        key={attempt}
        remote={remote}
        module={module}
        title={title}
        onRetry={onRetry}
        compact={compact}
      >
        <Component {...props} />
      </RemoteErrorBoundary>
    );
  } else if (retrying || registry.status === 'loading') {
    content = <SlotSkeleton title={title} compact={compact} />;
  } else if (registry.status === 'error' || current?.status === 'failed') {
    content = <RemoteFallback title={title} onRetry={onRetry} compact={compact} />;
  } else {
    content = <SlotSkeleton title={title} compact={compact} />;
  }

  return (
    <div
      className={['shell-slot', compact ? 'shell-slot-compact' : '', reserve ?? ''].filter(Boolean).join(' ')}
      data-remote={remote}
      data-module={module}
    >
      {content}
    </div>
  );
}
