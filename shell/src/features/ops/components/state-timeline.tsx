import type { BreakerState } from '@storefront/contract/browser';
import { formatClock } from './format';
import { CHART_WIDTH } from './sparkline';

/** The breaker's state from `t` until the next point. */
export interface StatePoint {
  t: number;
  state: BreakerState;
}

/** A run of one state. */
export interface StateSpan {
  state: BreakerState;
  from: number;
  to: number;
}

const BAND_HEIGHT = 16;
/** The newest span would have no width (it ends now): it gets at least this many units, so it shows. */
const MIN_WIDTH = 3;
/** Colour is not the only cue: the worse the state, the taller its bar. */
const BAR_HEIGHT: Record<BreakerState, number> = { closed: 6, 'half-open': 11, open: 16 };
const LEGEND_HEIGHT: Record<BreakerState, string> = { closed: 'low', 'half-open': 'mid', open: 'tall' };

/** The points as runs of one state each, the last one ending at `to`. */
export function stateSpans(points: readonly StatePoint[], to: number): StateSpan[] {
  const spans: StateSpan[] = [];
  points.forEach((point, index) => {
    const end = points[index + 1]?.t ?? to;
    const previous = spans.at(-1);
    if (previous?.state === point.state) previous.to = end;
    else spans.push({ state: point.state, from: point.t, to: end });
  });
  return spans;
}

/** The accessible name: the state now, and how often it was open or half-open. */
export function timelineName(spans: readonly StateSpan[], span: string): string {
  const now = spans.at(-1)?.state;
  if (now === undefined) return `Breaker state over the last ${span}: no data yet`;
  const times = (state: BreakerState) => {
    const count = spans.filter((run) => run.state === state).length;
    return `${count} time${count === 1 ? '' : 's'}`;
  };
  const opened = spans.some((run) => run.state === 'open')
    ? `open ${times('open')}, half-open ${times('half-open')}`
    : 'never open';
  return `Breaker state over the last ${span}, now ${now}; ${opened}`;
}

/**
 * The breaker's state over time as a band of coloured bars of three heights, each named in a `<title>`, with a legend
 * in words (its names say the heights too, so no test or reader has to go by colour).
 */
export function StateTimeline({
  points,
  from,
  to,
  span,
}: {
  points: readonly StatePoint[];
  from: number;
  to: number;
  span: string;
}) {
  const spans = stateSpans(points, to);
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * CHART_WIDTH;

  return (
    <div className="shell-ops-states">
      <svg
        className="shell-ops-states-band"
        role="img"
        aria-label={timelineName(spans, span)}
        viewBox={`0 0 ${CHART_WIDTH} ${BAND_HEIGHT}`}
        width={CHART_WIDTH}
        height={BAND_HEIGHT}
      >
        {spans.map((run) => {
          const start = Math.min(x(run.from), CHART_WIDTH - MIN_WIDTH);
          const width = Math.max(MIN_WIDTH, x(run.to) - start);
          const height = BAR_HEIGHT[run.state];
          return (
            <rect
              key={`${run.from}-${run.state}`}
              data-state={run.state}
              x={start}
              y={BAND_HEIGHT - height}
              width={Math.min(width, CHART_WIDTH - start)}
              height={height}
            >
              <title>{`${run.state} from ${formatClock(new Date(run.from).toISOString())}`}</title>
            </rect>
          );
        })}
      </svg>
      <ul className="shell-ops-states-legend" aria-hidden="true">
        {(['closed', 'half-open', 'open'] as const).map((state) => (
          <li key={state} data-state={state}>
            {`${state} (${LEGEND_HEIGHT[state]})`}
          </li>
        ))}
      </ul>
    </div>
  );
}
