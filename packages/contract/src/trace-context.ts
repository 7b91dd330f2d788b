// W3C Trace Context (`traceparent`), browser-safe: the shell and the remotes start a trace for each API call, the
// hosts and the BFF read it to continue it. No dependency: it is bundled into every page.

/** The request header of W3C Trace Context. */
export const TRACEPARENT_HEADER = 'traceparent';

/** `version-traceid-parentid-flags`, lower-case hex; an all-zero trace or span id is invalid. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The ids a `traceparent` carries. */
export interface TraceParent {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/** Parses a `traceparent` value; undefined when it is not a valid version-00 one. */
export function parseTraceparent(value: string | undefined | null): TraceParent | undefined {
  const match = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** Formats ids as a `traceparent` value. */
export function formatTraceparent({ traceId, spanId, sampled }: TraceParent): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const value of values) hex += value.toString(16).padStart(2, '0');
  // Astronomically unlikely, and invalid by the spec: never send it.
  return /^0+$/.test(hex) ? randomHex(bytes) : hex;
}

/** A new sampled trace: a fresh trace id and the id of the caller's own (unexported) span. */
export function newTraceparent(): TraceParent {
  return { traceId: randomHex(16), spanId: randomHex(8), sampled: true };
}
