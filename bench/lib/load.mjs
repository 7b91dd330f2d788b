// HTTP load with autocannon; every response time is kept (autocannon's own histogram rounds to whole ms, too
// coarse for a 2 ms budget), so percentiles here are exact.
import autocannon from 'autocannon';
import { quantile, round } from './stats.mjs';

/**
 * @typedef {object} LoadResult
 * @property {string} url
 * @property {number} connections
 * @property {number} durationS     measured duration
 * @property {number} requests      responses received
 * @property {number} rps           responses per second
 * @property {number | null} p50Ms
 * @property {number | null} p99Ms
 * @property {number | null} maxMs
 * @property {Record<string, number>} statuses  response count per status code
 * @property {number} errors        connection errors and timeouts
 */

/**
 * Runs autocannon against one URL (closed loop: each connection sends its next request when the answer
 * arrives) and summarises every response's time. With `nextPath`, every request asks for its own path (many
 * shoppers asking different things, which the BFF cannot merge into one upstream call). With `overallRate`, a
 * steady rate of requests per second over all connections instead (shoppers who do not come faster because the
 * answers do: a closed loop against an open breaker would measure the breaker's speed, not the shoppers).
 * @param {{ url: string, connections?: number, durationS?: number, headers?: Record<string, string>,
 *   timeoutS?: number, nextPath?: () => string, overallRate?: number }} opts
 * @returns {Promise<LoadResult>}
 */
export async function measureLoad({
  url,
  connections = 10,
  durationS = 10,
  headers = {},
  timeoutS = 30,
  nextPath,
  overallRate,
}) {
  /** @type {number[]} */
  const times = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {autocannon.Result} */
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        headers,
        timeout: timeoutS,
        ...(overallRate ? { overallRate } : {}),
        ...(nextPath ? { requests: [{ setupRequest: (req) => ({ ...req, path: nextPath() }) }] } : {}),
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const elapsedS = result.duration;
  return {
    url,
    connections,
    durationS: elapsedS,
    requests: times.length,
    rps: Math.round(times.length / elapsedS),
    p50Ms: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
    // A loop, not Math.max(...times): a fast path answers more responses than a call may have arguments.
    maxMs: round(times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)),
    statuses,
    errors: result.errors + result.timeouts,
  };
}
