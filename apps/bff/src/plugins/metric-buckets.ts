// Bucket bounds of the BFF's histograms (docs/observability.md explains the choice).

/**
 * Latency buckets from 1 ms to 10 s, each 1.25× the one before. histogram_quantile interpolates inside one
 * bucket, so its error is bounded by the bucket's width: 25 % at worst (all samples at one edge), within ~10 %
 * once latencies spread over a few buckets, where the old 1-2.5-5 buckets (×2 to ×2.5 wide) were often 25 % off.
 * 43 buckets per series: cheap for four upstreams, three attempt outcomes and a few dozen routes.
 */
export const LATENCY_BUCKETS: readonly number[] = [
  ...Array.from({ length: 42 }, (_, i) => Number((0.001 * 1.25 ** i).toPrecision(3))),
  10,
];

/** Saved-copy ages: a second to a day (copies live until evicted, so they can be old). */
export const AGE_BUCKETS: readonly number[] = [
  1,
  5,
  15,
  30,
  60,
  120,
  300,
  600,
  1800,
  3600,
  3 * 3600,
  12 * 3600,
  24 * 3600,
];
