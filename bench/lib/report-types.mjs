// The shape of a section's result: the same object feeds the printed table, bench/results.json and
// docs/benchmarks.md.

/**
 * @typedef {object} Row
 * @property {string} measure
 * @property {number | null} value
 * @property {string} unit
 * @property {string} [text]  shown instead of value and unit (figures that are not one number)
 */

/**
 * @typedef {object} SectionResult
 * @property {string} id
 * @property {string} title
 * @property {Row[]} rows
 * @property {import('./stats.mjs').Budget[]} budgets
 * @property {Record<string, unknown>} details  raw figures (every run) for results.json
 * @property {string[]} notes                    what the reader needs to read the numbers
 */

export {};
