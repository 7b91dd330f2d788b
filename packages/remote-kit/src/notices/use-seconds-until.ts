import { useEffect, useState } from 'react';

/** Whole seconds left until `until` (epoch ms), never below 0; null without a time. Re-renders every second. */
export function useSecondsUntil(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    // A new time can arrive long after the last tick: count from now, not from the stale clock.
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}
