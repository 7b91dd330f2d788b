// The supervisor's `GET /metrics`: its processes in the Prometheus text format (version 0.0.4), written by hand
// because the supervisor runs before any install (no prom-client). The alert rule ProcessRestarting
// (observability/prometheus/alerts.yml) reads storefront_process_restarts_total.

/** @typedef {import('./supervisor.mjs').ProcessStatus} ProcessStatus */

/** The content type Prometheus expects of the text format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * A label value as the text format wants it: backslash, double quote and line feed escaped.
 * @param {string} value
 * @returns {string}
 */
export function escapeLabelValue(value) {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * One metric family: HELP, TYPE and a sample per process.
 * @param {string} name
 * @param {'counter' | 'gauge'} type
 * @param {string} help
 * @param {ProcessStatus[]} processes
 * @param {(p: ProcessStatus) => number} value
 * @returns {string[]}
 */
function family(name, type, help, processes, value) {
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} ${type}`,
    ...processes.map((p) => `${name}{process="${escapeLabelValue(p.name)}"} ${value(p)}`),
  ];
}

/**
 * The exposition of every supervised process. `restarts` only grows while the supervisor runs, so it is a
 * counter (a new `npm start` begins at 0 again, which Prometheus reads as a counter reset).
 * @param {ProcessStatus[]} processes
 * @returns {string}
 */
export function processMetrics(processes) {
  const lines = [
    ...family(
      'storefront_process_restarts_total',
      'counter',
      'Restarts of the process by the supervisor after it exited unexpectedly (crash or kill)',
      processes,
      (p) => p.restarts,
    ),
    ...family(
      'storefront_process_up',
      'gauge',
      'Whether the process is running and passed its health check (1) or is starting, waiting to restart or stopped (0)',
      processes,
      (p) => (p.state === 'running' ? 1 : 0),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
