/** One point of a chart: a time (ms) and a value. */
export interface ChartPoint {
  t: number;
  value: number;
}

/** The charts' size in SVG units (drawn at this size in CSS pixels). */
export const CHART_WIDTH = 160;
export const CHART_HEIGHT = 32;
/** Points further apart than this are not joined: the console was away (a reload, a lost stream). */
export const GAP_MS = 15_000;

const PAD = 2;

export interface SparklineProps {
  /** What is drawn, e.g. "error %" (starts the accessible name). */
  label: string;
  points: readonly ChartPoint[];
  /** Time range of the x axis (ms). */
  from: number;
  to: number;
  /** Words for the range, e.g. "10 min". */
  span: string;
  /** A value in words with its unit, e.g. "50 %". */
  format: (value: number) => string;
  /** The top of the y axis when fixed (100 for a percentage); else the largest value drawn. */
  max?: number;
}

/** "M x y L x y …" per run of points close enough in time, so a gap shows as a gap. */
function pathOf(points: readonly ChartPoint[], x: (t: number) => number, y: (v: number) => number): string {
  let path = '';
  let previous: ChartPoint | undefined;
  for (const point of points) {
    const joined = previous !== undefined && point.t - previous.t <= GAP_MS;
    path += `${joined ? 'L' : 'M'}${x(point.t).toFixed(1)} ${y(point.value).toFixed(1)} `;
    previous = point;
  }
  return path.trim();
}

/** The accessible name: what, over how long, the value now and the largest. */
export function sparklineName(
  label: string,
  span: string,
  values: readonly number[],
  format: (v: number) => string,
) {
  const now = values.at(-1);
  if (now === undefined) return `${label} over the last ${span}: no data yet`;
  return `${label} over the last ${span}, now ${format(now)}, max ${format(Math.max(...values))}`;
}

/** A small line chart of one figure over time; what it shows is also said in its accessible name. */
export function Sparkline({ label, points, from, to, span, format, max }: SparklineProps) {
  const values = points.map(({ value }) => value);
  const top = Math.max(max ?? Math.max(0, ...values), Number.EPSILON);
  const x = (t: number) => PAD + ((t - from) / Math.max(1, to - from)) * (CHART_WIDTH - 2 * PAD);
  const y = (v: number) => CHART_HEIGHT - PAD - (Math.min(v, top) / top) * (CHART_HEIGHT - 2 * PAD);
  const last = points.at(-1);

  return (
    <svg
      className="shell-ops-spark"
      role="img"
      aria-label={sparklineName(label, span, values, format)}
      viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
      width={CHART_WIDTH}
      height={CHART_HEIGHT}
    >
      <line className="shell-ops-spark-axis" x1={0} x2={CHART_WIDTH} y1={y(0)} y2={y(0)} />
      {points.length > 0 && <path className="shell-ops-spark-line" d={pathOf(points, x, y)} />}
      {last && <circle className="shell-ops-spark-dot" cx={x(last.t)} cy={y(last.value)} r={2} />}
    </svg>
  );
}
