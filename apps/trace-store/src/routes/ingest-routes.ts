import { createGunzip } from 'node:zlib';
import { ApiError, definePlugin, type KitErrorCode, VALIDATION_CODE } from '@storefront/service-kit';
import { OtlpFormatError, parseOtlpTraces } from '../otlp-json.js';

/** Largest export request taken (after gunzip): a full batch of the SDK (512 spans) is far below. */
export const INGEST_BODY_LIMIT = 4 * 1024 * 1024;

/** OTLP's answer: `partialSuccess` empty when every span was kept. */
export interface ExportAnswer {
  partialSuccess: { rejectedSpans?: number; errorMessage?: string };
}

/**
 * `POST /v1/traces`: OTLP/HTTP with a JSON body (`application/json`, plain or gzip). Protobuf, the other OTLP
 * encoding, is 415: every exporter of the stack is configured for JSON.
 */
export const ingestRoutes = definePlugin(
  'trace-store-ingest-routes',
  async (app) => {
    // Fastify also parses text/plain by default; an exporter only sends JSON, so anything else is 415 here. That
    // also keeps web pages out: a cross-site JSON post needs a CORS preflight this store never grants, and the
    // posts a page may send without one (text/plain, forms) are refused before any span is read.
    app.removeContentTypeParser('text/plain');
    // Exporters send gzip when OTEL_EXPORTER_OTLP_COMPRESSION=gzip. Fastify's body limit counts the inflated
    // bytes (and the deflated ones against Content-Length), so a small bomb is still a 413.
    app.addHook('preParsing', async (request, _reply, payload) => {
      const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding === 'identity') return payload;
      if (encoding !== 'gzip') {
        throw new ApiError<KitErrorCode>(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the body as application/json, plain or gzip.',
        );
      }
      const inflated = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
      payload.on('data', (chunk: Buffer) => {
        inflated.receivedEncodedLength += chunk.length;
      });
      // A corrupt stream's error reaches the error handler: classifyError (errors.ts) makes it a 400.
      payload.on('error', (error) => inflated.destroy(error));
      return payload.pipe(inflated);
    });
    app.post(
      '/v1/traces',
      // An exporter posts every few seconds: only problems are worth a log line.
      { bodyLimit: INGEST_BODY_LIMIT, logLevel: 'warn' },
      async (request): Promise<ExportAnswer> => {
        let parsed: ReturnType<typeof parseOtlpTraces>;
        try {
          parsed = parseOtlpTraces(request.body);
        } catch (error) {
          if (!(error instanceof OtlpFormatError)) throw error;
          throw new ApiError(400, VALIDATION_CODE, error.message, { details: { field: 'body' } });
        }
        const { refused } = app.traceStore.add(parsed.spans);
        const rejectedSpans = parsed.rejected + refused;
        if (rejectedSpans === 0) return { partialSuccess: {} };
        const reasons = [...parsed.reasons];
        if (refused > 0) {
          reasons.push(`a trace has ${app.traceStore.limits.maxSpansPerTrace} spans already`);
        }
        request.log.warn({ rejectedSpans, reasons }, 'spans skipped');
        return { partialSuccess: { rejectedSpans, errorMessage: reasons.join('; ') } };
      },
    );
  },
  { encapsulate: true, dependencies: ['trace-store-store'] },
);
