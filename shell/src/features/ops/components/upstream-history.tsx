import type { HistorySample } from '@storefront/contract/browser';
import { HISTORY_SPAN_MS } from '../api/use-upstream-history';
import { formatNumber } from './format';
import { Sparkline } from './sparkline';
import { StateTimeline } from './state-timeline';
import './upstream-history.css';

const SPAN = '10 min';

/** The figures drawn, each with the words of its accessible name and its unit. */
const CHARTS = [
  {
    key: 'errorPercent',
    label: 'error %',
    title: 'Error %',
    max: 100,
    format: (v: number) => `${formatNumber(v)} %`,
  },
  {
    key: 'p99Ms',
    label: 'p99',
    title: 'p99',
    max: undefined,
    format: (v: number) => `${formatNumber(v)} ms`,
  },
  {
    key: 'ratePerSec',
    label: 'requests per second',
    title: 'Requests / s',
    max: undefined,
    format: (v: number) => `${formatNumber(v)} /s`,
  },
] as const;

/**
 * One upstream's last ten minutes as four small charts: the breaker's state as a band, error %, p99 and rate. The
 * x axis ends at the newest sample (the server's clock, so the client's own clock does not skew it).
 */
export function UpstreamHistory({ name, samples }: { name: string; samples: readonly HistorySample[] }) {
  const points = samples.map((sample) => ({ ...sample, t: Date.parse(sample.at) }));
  const to = points.at(-1)?.t ?? 0;
  const from = to - HISTORY_SPAN_MS;

  return (
    <div className="shell-ops-history" data-upstream={name}>
      <div className="shell-ops-history-row">
        <span className="shell-ops-history-title" aria-hidden="true">
          State
        </span>
        <StateTimeline points={points} from={from} to={to} span={SPAN} />
      </div>
      {CHARTS.map((chart) => (
        <div key={chart.key} className="shell-ops-history-row">
          <span className="shell-ops-history-title" aria-hidden="true">
            {chart.title}
          </span>
          <Sparkline
            label={chart.label}
            points={points.map((point) => ({ t: point.t, value: point[chart.key] }))}
            from={from}
            to={to}
            span={SPAN}
            format={chart.format}
            max={chart.max}
          />
        </div>
      ))}
    </div>
  );
}
