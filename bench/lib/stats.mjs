// Small, exact statistics for the benchmarks: every sample is kept, no histogram rounding.

/**
 * The q-quantile (0..1) of the samples, linearly interpolated between the two nearest ranks.
 * @param {readonly number[]} samples
 * @param {number} q
 * @returns {number} NaN when there are no samples
 */
export function quantile(samples, q) {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is not between 0 and 1`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const low = /** @type {number} */ (sorted[lo]);
  const high = /** @type {number} */ (sorted[hi]);
  return low + (high - low) * (pos - lo);
}

/**
 * The median of the samples.
 * @param {readonly number[]} samples
 * @returns {number}
 */
export function median(samples) {
  return quantile(samples, 0.5);
}

/**
 * a ÷ b, or NaN when either is missing or b is 0.
 * @param {number} a
 * @param {number} b
 * @returns {number}
 */
export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

/**
 * Rounds for reports: 3 significant digits under 100, whole numbers above.
 * @param {number} value
 * @returns {number | null} null for NaN/Infinity (JSON has no NaN)
 */
export function round(value) {
  if (!Number.isFinite(value)) return null;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

/**
 * @typedef {object} Budget
 * @property {string} name   what is checked, e.g. "BFF p99 ÷ direct p99"
 * @property {number | null} value
 * @property {number} limit
 * @property {string} unit   "×", "ms", "s"
 * @property {boolean} pass  value ≤ limit, or ≥ with `op` (a missing value never passes)
 * @property {'≥'} [op]       a floor instead of a ceiling (absent: ≤)
 */

/**
 * A budget of the form value ≤ limit.
 * @param {string} name
 * @param {number} value
 * @param {number} limit
 * @param {string} unit
 * @returns {Budget}
 */
export function atMost(name, value, limit, unit) {
  const rounded = round(value);
  return { name, value: rounded, limit, unit, pass: rounded !== null && value <= limit };
}

/**
 * A budget of the form value ≥ limit (e.g. a score).
 * @param {string} name
 * @param {number} value
 * @param {number} limit
 * @param {string} unit
 * @returns {Budget}
 */
export function atLeast(name, value, limit, unit) {
  const rounded = round(value);
  return { name, value: rounded, limit, unit, op: '≥', pass: rounded !== null && value >= limit };
}
