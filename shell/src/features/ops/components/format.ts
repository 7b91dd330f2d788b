/** "4.2 s", "1 min 05 s", or "0 s": a countdown for humans. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** Wall-clock time of an ISO instant (HH:MM:SS, local time); the ISO text itself when unreadable. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

/** A number with at most one decimal. */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '–';
}

/** Milliseconds left until `iso` on the server's clock, advanced by the time elapsed on ours. */
export function timeLeft(iso: string, serverNow: string, elapsedMs: number): number {
  const end = Date.parse(iso);
  const start = Date.parse(serverNow);
  if (Number.isNaN(end) || Number.isNaN(start)) return 0;
  return end - start - elapsedMs;
}

/** "3 s ago", "4 min ago", "2 h ago": how long before `now` an event happened (never in the future). */
export function formatAgo(ms: number): string {
  const seconds = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 1000)) : 0;
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** "0.3 s", "12.5 s", "2 min 05 s", or "40 ms" below a tenth of a second: how long an event waited for a consumer. */
export function formatLag(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 100) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}
