// Who decides whether a trace is recorded. A caller's sampled `traceparent` is followed inside the storefront, but
// the process that *started* a trace — or, at the shell host, received it from a browser, whose word is not to be
// trusted with our tracing budget — decides with the configured sampler (`OTEL_TRACES_SAMPLER`, `_ARG`). Such a
// trace context is marked `storefront=edge` in `tracestate` where it is written (request-trace.ts).
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';

/** `tracestate` key and value of a context whose sampling this process decides. */
export const EDGE_STATE_KEY = 'storefront';
export const EDGE_STATE_VALUE = 'edge';

/** The root sampler `OTEL_TRACES_SAMPLER` names (the `parentbased_` prefix is implied: see {@link edgeSampler}). */
export function rootSamplerFrom(env: NodeJS.ProcessEnv): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on').replace(/^parentbased_/, '');
  if (name === 'always_off') return new AlwaysOffSampler();
  if (name === 'traceidratio') {
    const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
    return new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1);
  }
  return new AlwaysOnSampler();
}

/** Applies `root` to remote parents marked as decided here; follows every other sampled parent. */
class EdgeDecision implements Sampler {
  private readonly follow = new AlwaysOnSampler();

  constructor(private readonly root: Sampler) {}

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(context);
    const decidesHere = parent?.traceState?.get(EDGE_STATE_KEY) === EDGE_STATE_VALUE;
    const sampler = decidesHere ? this.root : this.follow;
    return sampler.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `EdgeDecision{root=${this.root.toString()}}`;
  }
}

/**
 * Parent-based sampling where a parent marked `storefront=edge` counts as no parent: the root sampler decides (a
 * trace-id ratio decides the same way in every process, so a trace is kept or dropped whole).
 */
export function edgeSampler(env: NodeJS.ProcessEnv): Sampler {
  const root = rootSamplerFrom(env);
  return new ParentBasedSampler({ root, remoteParentSampled: new EdgeDecision(root) });
}
