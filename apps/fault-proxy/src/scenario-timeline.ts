// When each fault of a scenario is in force, and the rule that every fault ends, and every process is killed,
// early enough for the breakers to be seen closing again (and the process restarted) before the scenario is over.
import type { FaultSpec } from './fault-types.js';

/** Time left after the last fault ends: the breakers' half-open probe (5 s by default) must fit in it. */
export const MIN_RECOVERY_TAIL_MS = 5000;

/** The parts of a step the timeline reads. */
export type TimelineStep =
  | { atMs: number; action: 'inject'; target: string; fault: Pick<FaultSpec, 'durationMs'> }
  | { atMs: number; action: 'clear'; target: string | null }
  | { atMs: number; action: 'kill'; process: string; downForMs?: number };

/** One injected fault: from its step until it expires, is cleared or is replaced (Infinity: nothing ends it). */
export interface FaultWindow {
  index: number;
  target: string;
  startMs: number;
  endMs: number;
}

/** The windows of every inject step, in step order; `steps` are in time order. */
export function faultWindows(steps: readonly TimelineStep[]): FaultWindow[] {
  const active = new Map<string, Omit<FaultWindow, 'target'>>();
  const windows: FaultWindow[] = [];
  const end = (target: string, atMs: number): void => {
    const fault = active.get(target);
    if (fault === undefined) return;
    windows.push({ ...fault, target, endMs: Math.min(fault.endMs, atMs) });
    active.delete(target);
  };
  steps.forEach((step, index) => {
    if (step.action === 'inject') {
      end(step.target, step.atMs);
      const { durationMs } = step.fault;
      active.set(step.target, {
        index,
        startMs: step.atMs,
        endMs: durationMs === null ? Number.POSITIVE_INFINITY : step.atMs + durationMs,
      });
    } else if (step.action === 'kill') {
      // A kill is an instant, not a window: the supervisor restarts the process by itself.
    } else if (step.target === null) {
      for (const target of [...active.keys()]) end(target, step.atMs);
    } else {
      end(step.target, step.atMs);
    }
  });
  for (const target of [...active.keys()]) end(target, Number.POSITIVE_INFINITY);
  return windows.sort((a, b) => a.index - b.index);
}

/** The first timeline problem as `[field, problem]`, or null when every fault ends and leaves a recovery tail. */
export function timelineProblem(
  steps: readonly TimelineStep[],
  durationMs: number,
): [field: string, problem: string] | null {
  let lastEnd = 0;
  for (const fault of faultWindows(steps)) {
    if (fault.endMs > durationMs) {
      return [
        `steps[${fault.index}]`,
        `the fault on "${fault.target}" outlasts the scenario; give it a durationMs or add a later clear step`,
      ];
    }
    lastEnd = Math.max(lastEnd, fault.endMs);
  }
  // A kill held down (`downForMs`) counts from when the supervisor restarts the process.
  let lastKill = -1;
  let lastBack = 0;
  steps.forEach((step, index) => {
    if (step.action !== 'kill') return;
    const back = step.atMs + (step.downForMs ?? 0);
    if (back >= lastBack) [lastKill, lastBack] = [index, back];
  });
  const kill = steps[lastKill];
  if (kill !== undefined && lastBack > lastEnd && durationMs - lastBack < MIN_RECOVERY_TAIL_MS) {
    const when =
      lastBack === kill.atMs ? `at ${kill.atMs} ms` : `at ${kill.atMs} ms and held down until ${lastBack} ms`;
    return [
      `steps[${lastKill}]`,
      `the last kill, ${when}, leaves ${durationMs - lastBack} ms; keep a recovery tail of at least ${MIN_RECOVERY_TAIL_MS} ms so the process restarts and the breakers close`,
    ];
  }
  if (durationMs - lastEnd < MIN_RECOVERY_TAIL_MS) {
    return [
      'durationMs',
      `the last fault ends at ${lastEnd} ms, which leaves ${durationMs - lastEnd} ms; keep a recovery tail of at least ${MIN_RECOVERY_TAIL_MS} ms so the breakers can close`,
    ];
  }
  return null;
}
